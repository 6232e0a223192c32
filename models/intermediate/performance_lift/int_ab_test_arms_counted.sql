{{ config(materialized='table') }}
{#- Not a view: each of its data tests recomputed it (docs/nightly_run.md). -#}
{#- One row per registered A/B test (seed ab_tests): recipients, deliveries, unique human and
    raw clicks per arm, recipients exposed to both arms (excluded), and the value per click
    agreed for the test's start date. Tests with no events yet have zero counts. The evaluation
    date is `roi_as_of_date` when set, else the latest send in the email data (a rebuild of the
    same extracts gives the same answer); a test whose end_date is after it is still running. -#}

{%- set as_of_date = var('roi_as_of_date', none) %}
{%- set accrual_days = var('roi_accrual_window_days') %}

with

recipient_sends as (

    select
        ab_test_id,
        arm,
        is_exposed_to_both,
        is_delivered,
        is_opened_raw,
        is_opened_human,
        is_clicked_raw,
        is_clicked_human,
        count_bot_click_events,
        count_machine_open_events,
        sent_date
    from {{ ref('int_email_events_rolled_up_to_recipient_sends') }}
    where ab_test_id is not null and is_sent

),

ab_tests as (

    select * from {{ ref('ab_tests') }}

),

click_values as (

    select
        valid_from,
        valid_to,
        value_usd,
        value_usd_low,
        value_usd_high
    from {{ ref('int_micro_conversion_values_in_force') }}
    where conversion_type = 'click'

),

evaluation_date as (

    {%- if as_of_date %}
    select cast('{{ as_of_date }}' as date) as evaluation_date
    {%- else %}
    select cast(max(sent_date) as date) as evaluation_date
    from recipient_sends
    {%- endif %}

),

arm_counts as (

    select
        ab_test_id,
        sum(case when arm = 'control' then 1 else 0 end) as count_recipients_control,
        sum(case when arm = 'ai' then 1 else 0 end) as count_recipients_ai,
        sum(case when is_exposed_to_both then 1 else 0 end) as count_exposed_to_both_excluded,
        sum(case when arm = 'control' and is_delivered then 1 else 0 end) as delivered_control,
        sum(case when arm = 'ai' and is_delivered then 1 else 0 end) as delivered_ai,
        sum(case when arm = 'control' and is_delivered and is_clicked_human then 1 else 0 end)
            as clicks_control,
        sum(case when arm = 'ai' and is_delivered and is_clicked_human then 1 else 0 end)
            as clicks_ai,
        sum(case when arm = 'control' and is_delivered and is_clicked_raw then 1 else 0 end)
            as raw_clicks_control,
        sum(case when arm = 'ai' and is_delivered and is_clicked_raw then 1 else 0 end)
            as raw_clicks_ai,
        sum(case when arm = 'control' and is_delivered and is_opened_human then 1 else 0 end)
            as human_opens_control,
        sum(case when arm = 'ai' and is_delivered and is_opened_human then 1 else 0 end)
            as human_opens_ai,
        sum(case when arm is not null then count_bot_click_events else 0 end)
            as count_bot_click_events,
        sum(case when arm is not null then count_machine_open_events else 0 end)
            as count_machine_open_events,
        min(sent_date) as first_send_date,
        max(sent_date) as last_send_date
    from recipient_sends
    group by ab_test_id

),

deliveries_in_window as (

    {#- Deliveries in the accrual window (the last roi_accrual_window_days days up to the
        evaluation date): the current delivery rate a projection extrapolates. -#}
    select
        recipient_sends.ab_test_id,
        sum(case when recipient_sends.arm = 'control' then 1 else 0 end)
            as delivered_control_in_window,
        sum(case when recipient_sends.arm = 'ai' then 1 else 0 end) as delivered_ai_in_window
    from recipient_sends
    cross join evaluation_date
    where
        recipient_sends.is_delivered
        and recipient_sends.sent_date
        > {{ dbt.dateadd('day', -accrual_days, 'evaluation_date.evaluation_date') }}
        and recipient_sends.sent_date <= evaluation_date.evaluation_date
    group by recipient_sends.ab_test_id

),

click_value_at_start as (

    {#- The value per click agreed for the test's start date: the seed row in force on it. -#}
    select
        ab_tests.ab_test_id,
        click_values.value_usd,
        click_values.value_usd_low,
        click_values.value_usd_high
    from ab_tests
    inner join click_values
        on
            ab_tests.start_date >= click_values.valid_from
            and (click_values.valid_to is null or ab_tests.start_date < click_values.valid_to)

),

joined as (

    select
        ab_tests.ab_test_id,
        ab_tests.test_name,
        ab_tests.workflow_id,
        ab_tests.campaign_type,
        ab_tests.content_format,
        ab_tests.source_system,
        ab_tests.ai_tool,
        ab_tests.primary_metric,
        ab_tests.audience_size,
        {#- Blank planning cells take the documented defaults. -#}
        cast(
            coalesce(ab_tests.planned_mde_relative, {{ var('roi_ab_default_mde_relative') }})
            as double precision
        ) as planned_mde_relative,
        cast(
            coalesce(ab_tests.planned_power, {{ var('roi_ab_default_power') }}) as double precision
        ) as planned_power,
        cast(
            coalesce(
                ab_tests.planned_control_rate, {{ var('roi_ab_default_planned_control_rate') }}
            ) as double precision
        ) as planned_control_rate,
        ab_tests.start_date,
        ab_tests.end_date,
        cast(
            {{ dbt.datediff('ab_tests.start_date', 'ab_tests.end_date', 'day') }} + 1  -- noqa: LT05
            as double precision
        ) / 7 as weeks_running,
        cast(ab_tests.planned_ai_share as double precision) as planned_ai_share,
        evaluation_date.evaluation_date,
        coalesce(evaluation_date.evaluation_date < ab_tests.end_date, false) as is_running,
        arm_counts.first_send_date,
        arm_counts.last_send_date,
        coalesce(arm_counts.count_recipients_control, 0) as count_recipients_control,
        coalesce(arm_counts.count_recipients_ai, 0) as count_recipients_ai,
        coalesce(arm_counts.count_exposed_to_both_excluded, 0) as count_exposed_to_both_excluded,
        coalesce(arm_counts.delivered_control, 0) as delivered_control,
        coalesce(arm_counts.delivered_ai, 0) as delivered_ai,
        coalesce(arm_counts.clicks_control, 0) as clicks_control,
        coalesce(arm_counts.clicks_ai, 0) as clicks_ai,
        coalesce(arm_counts.raw_clicks_control, 0) as raw_clicks_control,
        coalesce(arm_counts.raw_clicks_ai, 0) as raw_clicks_ai,
        coalesce(arm_counts.human_opens_control, 0) as human_opens_control,
        coalesce(arm_counts.human_opens_ai, 0) as human_opens_ai,
        coalesce(arm_counts.count_bot_click_events, 0) as count_bot_click_events,
        coalesce(arm_counts.count_machine_open_events, 0) as count_machine_open_events,
        coalesce(deliveries_in_window.delivered_control_in_window, 0)
            as delivered_control_in_window,
        coalesce(deliveries_in_window.delivered_ai_in_window, 0) as delivered_ai_in_window,
        {#- Days of the accrual window the test has been sending in (at least 1). -#}
        case
            when arm_counts.first_send_date is not null
                then greatest(
                    1,
                    least(
                        {{ accrual_days }},
                        {{ dbt.datediff('arm_counts.first_send_date', 'evaluation_date.evaluation_date', 'day') }} + 1  -- noqa: LT05
                    )
                )
        end as accrual_days_observed,
        cast(click_value_at_start.value_usd as double precision) as value_per_click_usd,
        cast(click_value_at_start.value_usd_low as double precision) as value_per_click_usd_low,
        cast(click_value_at_start.value_usd_high as double precision) as value_per_click_usd_high
    from ab_tests
    cross join evaluation_date
    left join arm_counts
        on ab_tests.ab_test_id = arm_counts.ab_test_id
    left join click_value_at_start
        on ab_tests.ab_test_id = click_value_at_start.ab_test_id
    left join deliveries_in_window
        on ab_tests.ab_test_id = deliveries_in_window.ab_test_id

)

select * from joined
