with

validated as (

    select * from {{ ref('base_crm__deal_contact_associations_validated') }}

),

final as (

    select
        source_system,
        source_file,
        source_row_number,
        quarantine_reason,
        crm_lead_id,
        crm_opportunity_id,
        loaded_at
    from validated
    where quarantine_reason is not null

)

select * from final
