{{ config(materialized='table') }}
{#- One row per opportunity and lead linked to it: HubSpot contact-deal associations and
    Salesforce leads converted into the opportunity, in one shape. Only links whose lead and
    opportunity are both clean are kept. -#}

with

associations as (

    select
        opportunity_id,
        lead_id
    from {{ ref('stg_crm__deal_contact_associations') }}

),

converted_leads as (

    select
        converted_opportunity_id as opportunity_id,
        lead_id
    from {{ ref('stg_crm__leads') }}
    where converted_opportunity_id is not null

),

leads as (

    select lead_id from {{ ref('stg_crm__leads') }}

),

opportunities as (

    select opportunity_id from {{ ref('stg_crm__opportunities') }}

),

unioned as (

    select
        opportunity_id,
        lead_id
    from associations
    union
    select
        opportunity_id,
        lead_id
    from converted_leads

),

final as (

    select
        {{ dbt_utils.generate_surrogate_key(['unioned.opportunity_id', 'unioned.lead_id']) }}
            as opportunity_lead_id,
        unioned.opportunity_id,
        unioned.lead_id
    from unioned
    inner join leads
        on unioned.lead_id = leads.lead_id
    inner join opportunities
        on unioned.opportunity_id = opportunities.opportunity_id

)

select * from final
