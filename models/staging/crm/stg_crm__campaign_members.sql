with

validated as (

    select * from {{ ref('base_crm__campaign_members_validated') }}

),

final as (

    select
        campaign_membership_id,
        lead_id,
        source_system,
        campaign_id,
        campaign_name,
        member_status,
        coalesce(has_responded, false) as has_responded,
        first_responded_date,
        created_at,
        source_file,
        source_row_number
    from validated
    where quarantine_reason is null

)

select * from final
