{#- One row per MQL month and scoring method (AI-scored or manually scored leads): how many
    days leads take from MQL to SQL, from SQL to a closed opportunity, and from MQL to close. A
    lead is a funnel person: the same email in both CRMs is one MQL, with the opportunities of
    both its CRM records, each counted once. -#}

with

leads as (

    select
        funnel_person_id,
        mql_month,
        mql_at,
        sql_at,
        is_sql,
        days_mql_to_sql,
        is_ai_scored
    from {{ ref('int_leads_merged_to_persons') }}
    where mql_month is not null

),

lead_persons as (

    select
        lead_id,
        funnel_person_id
    from {{ ref('int_leads_unified') }}

),

links as (

    select distinct
        lead_persons.funnel_person_id,
        opportunity_leads.opportunity_id
    from {{ ref('int_opportunity_leads_linked') }} as opportunity_leads
    inner join lead_persons
        on opportunity_leads.lead_id = lead_persons.lead_id

),

opportunities as (

    select
        opportunity_id,
        outcome,
        close_date,
        amount_usd
    from {{ ref('int_opportunities_converted_to_usd') }}
    where outcome in ('won', 'lost')

),

context as (

    select
        as_of_date,
        cohort_maturity_window_days
    from {{ ref('int_pipeline_measurement_context') }}

),

lead_closes as (

    {#- A person's first closed opportunity. -#}
    select
        links.funnel_person_id,
        min(opportunities.close_date) as first_close_date,
        max(case when opportunities.outcome = 'won' then 1 else 0 end) as has_won,
        {#- Cents before summing: a sum of doubles depends on the order rows arrive in, and a
            total ending in half a cent rounded to either side from one build to the next. -#}
        sum(
            case
                when opportunities.outcome = 'won'
                    then cast(opportunities.amount_usd as numeric(18, 2))
                else 0
            end
        ) as won_amount_usd
    from links
    inner join opportunities
        on links.opportunity_id = opportunities.opportunity_id
    group by links.funnel_person_id

),

lead_cycles as (

    select
        leads.mql_month,
        case when leads.is_ai_scored then 'ai_scored' else 'manual' end as scoring_method,
        leads.is_sql,
        leads.days_mql_to_sql,
        lead_closes.funnel_person_id is not null as is_closed,
        coalesce(lead_closes.has_won, 0) = 1 as is_won,
        coalesce(lead_closes.won_amount_usd, 0) as won_amount_usd,
        cast(
            {{ dbt.datediff('cast(leads.sql_at as date)', 'lead_closes.first_close_date', 'day') }}  -- noqa: LT05
            as double precision
        ) as days_sql_to_close,
        cast(
            {{ dbt.datediff('cast(leads.mql_at as date)', 'lead_closes.first_close_date', 'day') }}  -- noqa: LT05
            as double precision
        ) as days_mql_to_close
    from leads
    left join lead_closes
        on leads.funnel_person_id = lead_closes.funnel_person_id

),

aggregated as (

    select
        mql_month,
        scoring_method,
        count(*) as count_mqls,
        sum(case when is_sql then 1 else 0 end) as count_sqls,
        sum(case when is_closed then 1 else 0 end) as count_closed_leads,
        sum(case when is_won then 1 else 0 end) as count_won_leads,
        sum(won_amount_usd) as won_amount_usd,
        percentile_cont(0.5) within group (order by days_mql_to_sql) as median_days_mql_to_sql,
        percentile_cont(0.75) within group (order by days_mql_to_sql) as p75_days_mql_to_sql,
        percentile_cont(0.5) within group (order by days_sql_to_close) as median_days_sql_to_close,
        percentile_cont(0.5) within group (order by days_mql_to_close) as median_days_mql_to_close
    from lead_cycles
    group by mql_month, scoring_method

),

final as (

    select
        cast(
            {{ dbt.concat([
                'cast(aggregated.mql_month as ' ~ dbt.type_string() ~ ')',
                "'|'",
                'aggregated.scoring_method',
            ]) }}
            as {{ dbt.type_string() }}
        ) as sales_cycle_id,
        aggregated.mql_month,
        cast(aggregated.scoring_method as {{ dbt.type_string() }}) as scoring_method,
        cast(aggregated.count_mqls as integer) as count_mqls,
        cast(aggregated.count_sqls as integer) as count_sqls,
        cast(aggregated.count_closed_leads as integer) as count_closed_leads,
        cast(aggregated.count_won_leads as integer) as count_won_leads,
        cast(aggregated.won_amount_usd as numeric(18, 2)) as won_amount_usd,
        cast(aggregated.median_days_mql_to_sql as numeric(18, 4)) as median_days_mql_to_sql,
        cast(aggregated.p75_days_mql_to_sql as numeric(18, 4)) as p75_days_mql_to_sql,
        cast(aggregated.median_days_sql_to_close as numeric(18, 4)) as median_days_sql_to_close,
        cast(aggregated.median_days_mql_to_close as numeric(18, 4)) as median_days_mql_to_close,
        cast(
            {{ dbt.dateadd(
                'day',
                'context.cohort_maturity_window_days',
                dbt.dateadd('month', 1, 'aggregated.mql_month'),
            ) }} as date
        ) <= context.as_of_date as is_mature
    from aggregated
    cross join context

)

select * from final
