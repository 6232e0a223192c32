{#- One row per funnel entry stage the CRM records (every lead, every MQL): how many entries,
    how many became SQLs, and the won deals (count and USD) of those leads. Only leads created in
    months that are mature by the as-of date (cohort_maturity_window_days after the month's end)
    count, so recent leads that have not had time to convert do not dilute the rates. Email
    clicks join here when the email-platform marts provide clicks per person. -#}

with

leads as (

    select
        lead_id,
        created_at,
        is_mql,
        mql_at,
        is_sql
    from {{ ref('int_leads_unified') }}

),

context as (

    select
        as_of_date,
        cohort_maturity_window_days
    from {{ ref('int_pipeline_measurement_context') }}

),

links as (

    select * from {{ ref('int_opportunity_leads_linked') }}

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
            {{ dbt.dateadd(
                'day',
                'context.cohort_maturity_window_days',
                dbt.dateadd('month', 1, dbt.date_trunc('month', 'leads.created_at')),
            ) }} as date
        ) <= context.as_of_date

),

entries as (

    select
        'lead' as entry_stage,
        lead_id,
        is_sql
    from mature_leads
    union all
    select
        'mql' as entry_stage,
        lead_id,
        is_sql
    from mature_leads
    where is_mql

),

won_by_stage as (

    select distinct
        entries.entry_stage,
        won_opportunities.opportunity_id,
        won_opportunities.amount_usd
    from entries
    inner join links
        on entries.lead_id = links.lead_id
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

),

won_counts as (

    select
        entry_stage,
        count(*) as count_won_deals,
        sum(amount_usd) as won_amount_usd
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
