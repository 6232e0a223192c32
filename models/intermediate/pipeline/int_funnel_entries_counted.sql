{{ config(materialized='table') }}

{#- One row per funnel entry stage: every lead, every MQL (CRM; a funnel person, so the same
    email in both CRMs is one entry) and every unique human email click (email platform: one per
    recipient and campaign, bots and machine events out): how many entries, how many SQLs followed, and the won deals (count and USD) of those leads. A
    click counts towards the SQL of the same person (hashed email) when the SQL came on or after
    it. Only leads created, and clicks made, in months that are mature by the as-of date
    (cohort_maturity_window_days after the month's end) count, so recent entries that have not
    had time to convert do not dilute the rates. -#}

with

leads as (

    {#- Funnel persons: a person's leads in both CRMs are one entry. -#}
    select
        funnel_person_id,
        person_id,
        created_at,
        is_mql,
        mql_at,
        sql_at,
        is_sql
    from {{ ref('int_leads_merged_to_persons') }}

),

lead_persons as (

    select
        lead_id,
        funnel_person_id
    from {{ ref('int_leads_unified') }}

),

email_clicks as (

    select
        person_id,
        campaign_key,
        min(occurred_at) as clicked_at
    from {{ ref('stg_email_platform__events') }}
    where event_type = 'click' and is_human
    group by person_id, campaign_key

),

context as (

    select
        as_of_date,
        cohort_maturity_window_days
    from {{ ref('int_pipeline_measurement_context') }}

),

links as (

    select
        opportunity_leads.opportunity_id,
        lead_persons.funnel_person_id
    from {{ ref('int_opportunity_leads_linked') }} as opportunity_leads
    inner join lead_persons
        on opportunity_leads.lead_id = lead_persons.lead_id

),

won_opportunities as (

    select
        opportunity_id,
        amount_usd
    from {{ ref('int_opportunities_converted_to_usd') }}
    where outcome = 'won'

),

mature_leads as (

    select leads.*
    from leads
    cross join context
    where
        cast(
            {{ cohort_matures_on(
                dbt.date_trunc('month', 'leads.created_at'), 'context.cohort_maturity_window_days'
            ) }} as date
        ) <= context.as_of_date

),

mature_clicks as (

    select email_clicks.*
    from email_clicks
    cross join context
    where
        cast(
            {{ cohort_matures_on(
                dbt.date_trunc('month', 'email_clicks.clicked_at'), 'context.cohort_maturity_window_days'
            ) }} as date
        ) <= context.as_of_date

),

clicked_sql_leads as (

    select distinct leads.funnel_person_id
    from mature_clicks
    inner join leads
        on mature_clicks.person_id = leads.person_id
    where leads.sql_at >= mature_clicks.clicked_at

),

entries as (

    select
        'lead' as entry_stage,
        funnel_person_id,
        is_sql
    from mature_leads
    union all
    select
        'mql' as entry_stage,
        funnel_person_id,
        is_sql
    from mature_leads
    where is_mql

),

click_entries as (

    select
        'click' as entry_stage,
        count(*) as count_entries
    from mature_clicks

),

click_sqls as (

    select count(*) as count_sqls from clicked_sql_leads

),

won_by_stage as (

    select distinct
        entries.entry_stage,
        won_opportunities.opportunity_id,
        won_opportunities.amount_usd
    from entries
    inner join links
        on entries.funnel_person_id = links.funnel_person_id
    inner join won_opportunities
        on links.opportunity_id = won_opportunities.opportunity_id
    union
    select distinct
        'click' as entry_stage,
        won_opportunities.opportunity_id,
        won_opportunities.amount_usd
    from clicked_sql_leads
    inner join links
        on clicked_sql_leads.funnel_person_id = links.funnel_person_id
    inner join won_opportunities
        on links.opportunity_id = won_opportunities.opportunity_id

),

entry_counts as (

    select
        entry_stage,
        count(*) as count_entries,
        sum(case when is_sql then 1 else 0 end) as count_sqls
    from entries
    group by entry_stage
    union all
    select
        click_entries.entry_stage,
        click_entries.count_entries,
        click_sqls.count_sqls
    from click_entries
    cross join click_sqls
    where click_entries.count_entries > 0

),

won_counts as (

    select
        entry_stage,
        count(*) as count_won_deals,
        cast({{ sum_fixed_point('amount_usd') }} as double precision) as won_amount_usd
    from won_by_stage
    group by entry_stage

),

final as (

    select
        entry_counts.entry_stage,
        entry_counts.count_entries,
        entry_counts.count_sqls,
        coalesce(won_counts.count_won_deals, 0) as count_won_deals,
        coalesce(won_counts.won_amount_usd, 0) as won_amount_usd
    from entry_counts
    left join won_counts
        on entry_counts.entry_stage = won_counts.entry_stage

)

select * from final
