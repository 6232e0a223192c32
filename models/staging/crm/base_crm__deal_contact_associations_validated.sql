{#- HubSpot contact-deal associations with the reason a row cannot be used (null when it can):
    a missing id, or the same pair again (kept once). -#}

with

associations as (

    select * from {{ ref('base_crm__hubspot_contact_deal_associations') }}

),

keyed as (

    select
        *,
        {{ dbt_utils.generate_surrogate_key(['source_system', 'crm_lead_id']) }} as lead_id,
        {{ dbt_utils.generate_surrogate_key(['source_system', 'crm_opportunity_id']) }}
            as opportunity_id,
        row_number() over (
            partition by source_system, crm_lead_id, crm_opportunity_id
            order by {{ order_latest_delivery_first() }}
        ) as pair_rank
    from associations

),

final as (

    select
        *,
        case
            when crm_lead_id is null or crm_opportunity_id is null then 'missing_contact_or_deal_id'
            when pair_rank > 1 then 'duplicate_row'
        end as quarantine_reason
    from keyed

)

select * from final
