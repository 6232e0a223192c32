{#- Salesforce campaign members with the reason a row cannot be used (null when it can). A
    member who never responded is clean (it is not a touchpoint, which the intermediate layer
    decides); one marked responded without a response date cannot be placed in time. -#}

with

members as (

    select * from {{ ref('base_crm__salesforce_campaign_members') }}

),

keyed as (

    select
        *,
        {{ dbt_utils.generate_surrogate_key(['source_system', 'crm_lead_id']) }} as lead_id,
        {{ dbt_utils.generate_surrogate_key(['source_system', 'crm_lead_id', 'campaign_id']) }}
            as campaign_membership_id,
        row_number() over (
            partition by source_system, crm_lead_id, campaign_id
            order by source_file desc, loaded_at desc, source_row_number desc
        ) as member_rank
    from members

),

final as (

    select
        *,
        case
            when crm_lead_id is null then 'missing_lead_id'
            when campaign_id is null then 'missing_campaign_id'
            when first_responded_text is not null and first_responded_date is null
                then 'unparseable_responded_date'
            when has_responded and first_responded_date is null then 'responded_without_date'
            when member_rank > 1 then 'duplicate_row'
        end as quarantine_reason
    from keyed

)

select * from final
