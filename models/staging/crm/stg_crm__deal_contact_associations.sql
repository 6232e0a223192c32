with

validated as (

    select * from {{ ref('base_crm__deal_contact_associations_validated') }}

),

final as (

    select
        {{ dbt_utils.generate_surrogate_key(['lead_id', 'opportunity_id']) }}
            as deal_contact_association_id,
        lead_id,
        opportunity_id,
        source_system,
        association_type_id,
        source_file,
        source_row_number
    from validated
    where quarantine_reason is null

)

select * from final
