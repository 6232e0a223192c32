{{ config(materialized='table') }}
{#- One row per clean opportunity (HubSpot deal or Salesforce opportunity) with its amount in
    USD, its funnel outcome (open, won, lost: the CRM's closed/won flags, else the stage mapped
    by int_crm_stages_mapped, which leaves out an opportunity needing an unmapped stage), and
    the MQL and SQL moments of its earliest linked lead.
    FX: the rate in force on the close date (latest effective_from on or before it; the earliest
    rate when the close date precedes every rate, or when there is no close date, the rate in
    force on the creation date). -#}

with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

fx_rates as (

    select
        upper(trim(currency_code)) as currency_code,
        effective_from,
        cast(usd_per_unit as double precision) as usd_per_unit
    from {{ ref('fx_rates') }}

),

stage_mappings as (

    select
        record_id as opportunity_id,
        funnel_stage
    from {{ ref('int_crm_stages_mapped') }}
    where object_type = 'opportunity' and quarantine_reason is null

),

links as (

    select * from {{ ref('int_opportunity_leads_linked') }}

),

leads as (

    select
        lead_id,
        mql_at,
        sql_at,
        is_ai_scored,
        is_ai_assisted
    from {{ ref('int_leads_unified') }}

),

lead_moments as (

    select
        links.opportunity_id,
        min(leads.mql_at) as first_lead_mql_at,
        min(leads.sql_at) as first_lead_sql_at,
        max(case when leads.is_ai_scored then 1 else 0 end) = 1 as has_ai_scored_lead,
        max(case when leads.is_ai_assisted then 1 else 0 end) = 1 as has_ai_assisted_lead,
        count(*) as count_linked_leads
    from links
    inner join leads
        on links.lead_id = leads.lead_id
    group by links.opportunity_id

),

dated as (

    select
        *,
        coalesce(close_date, cast(created_at as date)) as fx_date
    from opportunities

),

rate_candidates as (

    select
        dated.opportunity_id,
        fx_rates.usd_per_unit,
        fx_rates.effective_from,
        row_number() over (
            partition by dated.opportunity_id
            order by
                case when fx_rates.effective_from <= dated.fx_date then 0 else 1 end,
                case
                    when fx_rates.effective_from <= dated.fx_date then fx_rates.effective_from
                end desc,
                fx_rates.effective_from asc
        ) as rate_rank
    from dated
    inner join fx_rates
        on dated.currency_code = fx_rates.currency_code

),

final as (

    select
        dated.opportunity_id,
        dated.source_system,
        dated.currency_code,
        cast(dated.amount as double precision) as amount_local,
        rate_candidates.usd_per_unit,
        rate_candidates.effective_from as fx_rate_effective_from,
        cast(dated.amount as double precision) * rate_candidates.usd_per_unit as amount_usd,
        case
            when dated.is_won_flag then 'won'
            when dated.is_closed_flag and not coalesce(dated.is_won_flag, false) then 'lost'
            when dated.is_closed_flag is null and stage_mappings.funnel_stage in ('won', 'lost')
                then stage_mappings.funnel_stage
            else 'open'
        end as outcome,
        dated.created_at,
        cast({{ dbt.date_trunc('month', 'dated.created_at') }} as date) as created_month,
        dated.close_date,
        lead_moments.first_lead_mql_at,
        lead_moments.first_lead_sql_at,
        coalesce(lead_moments.has_ai_scored_lead, false) as has_ai_scored_lead,
        coalesce(lead_moments.has_ai_assisted_lead, false) as has_ai_assisted_lead,
        coalesce(lead_moments.count_linked_leads, 0) as count_linked_leads
    from dated
    inner join rate_candidates
        on
            dated.opportunity_id = rate_candidates.opportunity_id
            and rate_candidates.rate_rank = 1
    inner join stage_mappings
        on dated.opportunity_id = stage_mappings.opportunity_id
    left join lead_moments
        on dated.opportunity_id = lead_moments.opportunity_id

)

select * from final
