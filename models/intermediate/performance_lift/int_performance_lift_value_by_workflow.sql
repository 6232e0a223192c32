{{ config(materialized='table') }}
{#- Not a view: each of its data tests recomputed it (docs/nightly_run.md). -#}
{#- One row per workflow that has A/B tests: how many tests, how many proved a lift, and the
    annualised pipeline value of the additional clicks of the tests that count, with the AI
    emails they were earned on (delivered a year) and the control arm's CTR. The interface
    fct_workflow_roi and fct_workflow_npv build on. -#}

with

tests as (

    {#- counts_towards_value: significant as the call uses it and a sound split
        (int_ab_test_arms_compared). -#}
    select * from {{ ref('int_ab_test_arms_compared') }}

),

by_workflow as (

    select
        workflow_id,
        count(*) as n_tests,
        sum(case when counts_towards_value then 1 else 0 end) as n_significant_tests,
        min(start_date) as first_test_date,
        max(end_date) as last_test_date,
        sum(case when counts_towards_value then additional_clicks else 0.0 end)
            as additional_clicks,
        sum(case when counts_towards_value then delivered_ai else 0 end) as delivered_ai,
        sum(case when counts_towards_value then clicks_control else 0 end) as clicks_control,
        sum(case when counts_towards_value then delivered_control else 0 end)
            as delivered_control,
        sum(case when counts_towards_value then pipeline_value_usd_low else 0 end)
            as observed_lift_value_usd_low,
        sum(case when counts_towards_value then pipeline_value_usd_base else 0 end)
            as observed_lift_value_usd_base,
        sum(case when counts_towards_value then pipeline_value_usd_high else 0 end)
            as observed_lift_value_usd_high,
        sum(case when evidence_maturity = 'mature' then 1 else 0 end) as count_mature_tests
    from tests
    group by workflow_id

),

annualised as (

    select
        *,
        cast(
            {{ dbt.datediff('first_test_date', 'last_test_date', 'day') }} + 1  -- noqa: LT05
            as double precision
        ) / 7 as weeks_observed
    from by_workflow

),

final as (

    select
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(n_tests as integer) as n_tests,
        cast(n_significant_tests as integer) as n_significant_tests,
        first_test_date,
        last_test_date,
        {{ round_double('weeks_observed') }} as weeks_observed,
        {{ round_double('additional_clicks', 6) }} as additional_clicks,
        {{ round_double('additional_clicks * 52 / weeks_observed', 6) }}
            as additional_clicks_annualised,
        cast(delivered_ai as bigint) as delivered_ai,
        {{ round_double('delivered_ai * 52 / weeks_observed', 6) }} as delivered_ai_annualised,
        {{ round_double(
            'cast(clicks_control as double precision) / nullif(delivered_control, 0)'
        ) }} as control_ctr,
        {#- The agreed click value behind lift_value_usd_base (each test's value in force at its
            start, weighted by its additional clicks): what the NPV sensitivity varies. -#}
        {{ round_double('observed_lift_value_usd_base / nullif(additional_clicks, 0)', 2) }}
            as value_per_click_usd,
        {{ range_columns(
            'observed_lift_value_usd_{case} * 52 / weeks_observed', 'lift_value_usd', places=2
        ) }},
        case when count_mature_tests > 0 then 'mature' else 'immature' end as evidence_maturity,
        'ab_test' as method  -- noqa: RF04
    from annualised

)

select * from final
