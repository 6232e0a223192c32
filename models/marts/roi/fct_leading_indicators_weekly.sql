{#- One row per week, leading indicator and workflow: the early signals to watch while revenue
    evidence matures. email_ctr: unique human clicks per delivered email of the AI arm vs the
    human control, per workflow, by send week (A/B test recipients; recipients sent both
    variants left out, as in fct_ab_test_results). mql_to_sql_rate: share of the week's
    AI-tagged MQLs (any workflow) that became SQLs vs the untagged MQLs of the same week, by MQL
    week. Each with the absolute difference and its 95% interval (unpooled two-proportion
    standard error). Leading indicators: trends to watch, not proof - the A/B and cohort marts
    decide maturity. -#}
{%- set z = var('roi_ci_z') -%}

with

recipient_sends as (

    select
        ab_test_id,
        arm,
        is_delivered,
        is_clicked_human,
        sent_date
    from {{ ref('int_email_events_rolled_up_to_recipient_sends') }}
    where ab_test_id is not null and is_sent and arm in ('ai', 'control')

),

ab_tests as (

    select
        ab_test_id,
        workflow_id
    from {{ ref('ab_tests') }}

),

persons as (

    select
        mql_at,
        is_sql,
        is_ai_assisted
    from {{ ref('int_leads_merged_to_persons') }}
    where mql_at is not null

),

pipeline_context as (

    select
        as_of_date,
        cohort_maturity_window_days
    from {{ ref('int_pipeline_measurement_context') }}

),

sends_by_week as (

    select
        cast({{ dbt.date_trunc('week', 'recipient_sends.sent_date') }} as date) as week_start,
        ab_tests.workflow_id,
        recipient_sends.arm,
        recipient_sends.is_delivered,
        recipient_sends.is_clicked_human
    from recipient_sends
    inner join ab_tests
        on recipient_sends.ab_test_id = ab_tests.ab_test_id

),

ctr_by_week as (

    select
        week_start,
        'email_ctr' as indicator,
        workflow_id,
        sum(case when arm = 'ai' and is_delivered then 1 else 0 end) as ai_units,
        sum(case when arm = 'ai' and is_delivered and is_clicked_human then 1 else 0 end)
            as ai_successes,
        sum(case when arm = 'control' and is_delivered then 1 else 0 end) as comparison_units,
        sum(case when arm = 'control' and is_delivered and is_clicked_human then 1 else 0 end)
            as comparison_successes,
        false as is_still_maturing
    from sends_by_week
    group by week_start, workflow_id

),

persons_by_week as (

    select
        cast({{ dbt.date_trunc('week', 'mql_at') }} as date) as week_start,
        is_sql,
        is_ai_assisted
    from persons

),

mql_by_week as (

    select
        week_start,
        'mql_to_sql_rate' as indicator,
        cast(null as {{ dbt.type_string() }}) as workflow_id,
        sum(case when is_ai_assisted then 1 else 0 end) as ai_units,
        sum(case when is_ai_assisted and is_sql then 1 else 0 end) as ai_successes,
        sum(case when not is_ai_assisted then 1 else 0 end) as comparison_units,
        sum(case when not is_ai_assisted and is_sql then 1 else 0 end) as comparison_successes
    from persons_by_week
    group by week_start

),

mql_maturing as (

    {#- A week's MQLs are still converting until cohort_maturity_window_days after it ends. -#}
    select
        mql_by_week.*,
        coalesce(
            {{ dbt.dateadd(
                'day',
                'pipeline_context.cohort_maturity_window_days + 6',
                'mql_by_week.week_start') }}
            > pipeline_context.as_of_date,
            true
        ) as is_still_maturing
    from mql_by_week
    cross join pipeline_context

),

unioned as (

    select * from ctr_by_week
    union all
    select * from mql_maturing

),

rates as (

    select
        *,
        cast(ai_successes as double precision) / nullif(ai_units, 0) as ai_rate,
        cast(comparison_successes as double precision) / nullif(comparison_units, 0)
            as comparison_rate
    from unioned

),

differences as (

    select
        *,
        ai_rate - comparison_rate as absolute_difference,
        {{ two_proportion_standard_error(
            'ai_rate', 'ai_units', 'comparison_rate', 'comparison_units') }} as standard_error
    from rates

),

final as (

    select
        cast(
            indicator || '|' || coalesce(workflow_id, 'all_ai_tagged') || '|'
            || cast(week_start as {{ dbt.type_string() }})
            as {{ dbt.type_string() }}
        ) as leading_indicator_id,
        cast(week_start as date) as week_start,
        cast(indicator as {{ dbt.type_string() }}) as indicator,
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(ai_units as integer) as ai_units,
        cast(ai_successes as integer) as ai_successes,
        cast(comparison_units as integer) as comparison_units,
        cast(comparison_successes as integer) as comparison_successes,
        {{ round_double('ai_rate') }} as ai_rate,
        {{ round_double('comparison_rate') }} as comparison_rate,
        {{ round_double('absolute_difference') }} as absolute_difference,
        {{ round_double('absolute_difference - ' ~ z ~ ' * standard_error') }}
            as absolute_difference_low,
        {{ round_double('absolute_difference + ' ~ z ~ ' * standard_error') }}
            as absolute_difference_high,
        is_still_maturing,
        true as is_leading_indicator
    from differences

)

select * from final
