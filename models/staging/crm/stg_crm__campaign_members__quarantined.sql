with

validated as (

    select * from {{ ref('base_crm__campaign_members_validated') }}

),

final as (

    select
        source_system,
        source_file,
        source_row_number,
        quarantine_reason,
        crm_lead_id,
        campaign_id,
        first_responded_text,
        loaded_at
    from validated
    where quarantine_reason is not null

)

select * from final
