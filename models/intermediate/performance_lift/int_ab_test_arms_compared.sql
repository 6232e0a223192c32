{{ config(materialized='table') }}
{#- Not a view: each of its data tests recomputed it (docs/nightly_run.md). -#}
{#- One row per registered A/B test: AI arm vs human control on unique human clicks per
    delivered email, with the statistics of the doc blocks in
    models/marts/performance_lift/_performance_lift__docs.md (unpooled two-proportion z,
    delta-method relative interval, sample-ratio-mismatch chi-square, Holm adjustment across the
    tests of a workflow), the sequential (always-valid) intervals beside the fixed ones, the
    Bayesian chance that the AI copy wins, and the pipeline value of the lift. While a test is
    still running (evaluation date before its end_date) its maturity, its dollar range and its
    significance for the ROI call use the sequential interval; after its end date, the fixed
    one. Statistics are rounded to 10 decimal
    places, clicks to 6, dollars to cents. -#}
{%- set z_crit = var('roi_ci_z') -%}

with

joined as (

    select * from {{ ref('int_ab_test_arms_counted') }}

),

rates as (

    select
        *,
        cast(clicks_control as double precision) / nullif(delivered_control, 0) as control_ctr,
        cast(clicks_ai as double precision) / nullif(delivered_ai, 0) as ai_ctr,
        cast(raw_clicks_control as double precision) / nullif(delivered_control, 0)
            as raw_control_ctr,
        cast(raw_clicks_ai as double precision) / nullif(delivered_ai, 0) as raw_ai_ctr,
        cast(human_opens_control as double precision) / nullif(delivered_control, 0)
            as control_open_rate,
        cast(human_opens_ai as double precision) / nullif(delivered_ai, 0) as ai_open_rate,
        cast(count_recipients_control + count_recipients_ai as double precision)
            as count_recipients_compared
    from joined

),

differences as (

    select
        *,
        ai_ctr - control_ctr as ctr_lift_absolute,
        case when control_ctr > 0 then ai_ctr / control_ctr - 1 end as ctr_lift_relative,
        {{ two_proportion_standard_error(
            'ai_ctr', 'delivered_ai', 'control_ctr', 'delivered_control') }} as standard_error,
        {#- Delta method: Var(pT/pC) = pC(1-pC) pT^2 / (pC^4 nC) + pT(1-pT) / (pC^2 nT). -#}
        {{ relative_lift_variance('ai_ctr', 'delivered_ai', 'control_ctr', 'delivered_control') }}
            as relative_lift_variance,
        {#- Sample ratio: observed recipients per arm against the planned split (1 degree of
            freedom: two arms). -#}
        case
            when count_recipients_compared > 0
                then
                    (count_recipients_ai - count_recipients_compared * planned_ai_share)
                    * (count_recipients_ai - count_recipients_compared * planned_ai_share)
                    / (count_recipients_compared * planned_ai_share)
                    + (
                        count_recipients_control
                        - count_recipients_compared * (1 - planned_ai_share)
                    )
                    * (
                        count_recipients_control
                        - count_recipients_compared * (1 - planned_ai_share)
                    )
                    / (count_recipients_compared * (1 - planned_ai_share))
        end as srm_chi_square
    from rates

),

sequential_halfwidths as (

    {#- Each always-valid half-width once: both ends of its interval use it. -#}
    select
        *,
        {{ sequential_interval_halfwidth(
            'standard_error', 'delivered_control + delivered_ai') }}
            as ctr_lift_absolute_seq_halfwidth,
        {{ sequential_interval_halfwidth(
            'sqrt(relative_lift_variance)', 'delivered_control + delivered_ai') }}
            as ctr_lift_relative_seq_halfwidth
    from differences

),

statistics as (

    select
        *,
        case when standard_error > 0 then ctr_lift_absolute / standard_error end as z_statistic,
        ctr_lift_absolute - {{ z_crit }} * standard_error as ctr_lift_absolute_low,
        ctr_lift_absolute + {{ z_crit }} * standard_error as ctr_lift_absolute_high,
        ctr_lift_relative - {{ z_crit }} * sqrt(relative_lift_variance) as ctr_lift_relative_low,
        ctr_lift_relative + {{ z_crit }} * sqrt(relative_lift_variance) as ctr_lift_relative_high,
        {{ chi_square_one_df_p_value('srm_chi_square') }} as srm_p_value,
        {#- Always-valid intervals: N = delivered in both arms. -#}
        ctr_lift_absolute - ctr_lift_absolute_seq_halfwidth as ctr_lift_absolute_seq_low,
        ctr_lift_absolute + ctr_lift_absolute_seq_halfwidth as ctr_lift_absolute_seq_high,
        ctr_lift_relative - ctr_lift_relative_seq_halfwidth as ctr_lift_relative_seq_low,
        ctr_lift_relative + ctr_lift_relative_seq_halfwidth as ctr_lift_relative_seq_high,
        {#- Bayesian chance to win with a flat prior (GrowthBook's default):
            Phi(relative lift / its delta-method standard error). -#}
        case
            when relative_lift_variance > 0
                then {{ normal_cdf('ctr_lift_relative / sqrt(relative_lift_variance)') }}
        end as chance_ai_beats_control
    from sequential_halfwidths

),

p_values as (

    select
        *,
        {{ two_sided_p_value('z_statistic') }} as p_value
    from statistics

),

holm_ranks as (

    {#- Holm step-down over the tests of one workflow that have a p-value: the i-th smallest
        of m p-values is multiplied by (m - i + 1), capped at 1, and made non-decreasing. -#}
    select
        *,
        count(p_value) over (partition by workflow_id) as holm_count,
        row_number() over (
            partition by workflow_id
            order by p_value asc nulls last, ab_test_id asc
        ) as holm_rank
    from p_values

),

holm_steps as (

    select
        *,
        least(1.0, (holm_count - holm_rank + 1) * p_value) as holm_step
    from holm_ranks

),

adjusted as (

    select
        *,
        case
            when p_value is not null
                then max(holm_step) over (
                    partition by workflow_id
                    order by p_value asc nulls last, ab_test_id asc
                    rows between unbounded preceding and current row
                )
        end as holm_adjusted_p_value,
        coalesce(srm_p_value < {{ var('roi_srm_alpha') }}, false) as has_sample_ratio_mismatch
    from holm_steps

),

valued as (

    select
        *,
        coalesce(holm_adjusted_p_value < {{ var('roi_ab_alpha') }}, false) as is_significant,
        coalesce(
            ctr_lift_absolute_seq_low > 0 or ctr_lift_absolute_seq_high < 0, false
        ) as is_significant_sequential,
        case when is_running then 'sequential' else 'fixed' end as interval_in_use,
        delivered_ai * ctr_lift_absolute as additional_clicks,
        delivered_ai * case
            when is_running then ctr_lift_absolute_seq_low else ctr_lift_absolute_low
        end as additional_clicks_low,
        delivered_ai * case
            when is_running then ctr_lift_absolute_seq_high else ctr_lift_absolute_high
        end as additional_clicks_high
    from adjusted

),

decided as (

    select
        *,
        case
            when is_running then is_significant_sequential else is_significant
        end as is_significant_in_use
    from valued

),

evaluated as (

    select
        *,
        additional_clicks * value_per_click_usd as pipeline_value_usd_base,
        {#- Each bound takes the click value at the pessimistic / optimistic end of its range
            (for a negative bound the high value is the pessimistic one). -#}
        least(
            additional_clicks_low * value_per_click_usd_low,
            additional_clicks_low * value_per_click_usd_high
        ) as pipeline_value_usd_low,
        greatest(
            additional_clicks_high * value_per_click_usd_low,
            additional_clicks_high * value_per_click_usd_high
        ) as pipeline_value_usd_high,
        case
            when delivered_control = 0 or delivered_ai = 0 then 'missing_arm'
            when has_sample_ratio_mismatch then 'invalid_sample_ratio'
            {#- A running test is proven only by its always-valid interval. -#}
            when is_running and is_significant_sequential then 'mature'
            when is_running then 'immature'
            when is_significant or weeks_running >= {{ var('roi_ab_min_weeks') }} then 'mature'
            else 'immature'
        end as evidence_maturity
    from decided

),

sample_size_zs as (

    {#- Z = z_(1-alpha/2) + z_power of the sample-size formulas once per row (macro
        sample_size_z): each normal quantile expands to a long expression, and the formulas
        below use Z ten times. -#}
    select
        *,
        {{ sample_size_z('planned_power') }} as sample_size_z
    from evaluated

),

powered as (

    {#- Power and minimum detectable effect (macros delivered_per_arm_needed and
        detectable_relative_lift, one formula): the delivered emails each arm needs to detect
        the planned relative lift over the measured control rate; the relative lift the
        smaller arm can detect today; the same need at registration from the planned control
        rate, against the planned audience of the smaller arm. -#}
    select
        *,
        least(delivered_control, delivered_ai) as delivered_per_arm,
        {{ delivered_per_arm_needed(
            'control_ctr', 'planned_mde_relative', 'planned_power', z='sample_size_z') }}
            as delivered_per_arm_needed,
        {{ detectable_relative_lift(
            'control_ctr', 'least(delivered_control, delivered_ai)', 'planned_power',
            z='sample_size_z') }}
            as mde_relative_detectable,
        {{ delivered_per_arm_needed(
            'planned_control_rate', 'planned_mde_relative', 'planned_power', z='sample_size_z') }}
            as planned_delivered_per_arm_needed,
        audience_size * least(planned_ai_share, 1 - planned_ai_share) as planned_audience_per_arm,
        cast(least(delivered_control_in_window, delivered_ai_in_window) as double precision)
        / nullif(accrual_days_observed, 0) as delivered_per_arm_per_day
    from sample_size_zs

),

projected as (

    select
        *,
        case
            when delivered_per_arm_needed is not null
                then greatest(0, delivered_per_arm_needed - delivered_per_arm)
        end as delivered_per_arm_still_needed,
        case
            when delivered_per_arm_per_day > 0 and delivered_per_arm_needed > delivered_per_arm
                then cast(
                    {{ dbt.dateadd(
                        'day',
                        'cast(ceil((delivered_per_arm_needed - delivered_per_arm)'
                        ~ ' / delivered_per_arm_per_day) as integer)',
                        'evaluation_date') }}
                    as date
                )
        end as sample_date_at_current_rate
    from powered

),

sample_projections as (

    select
        *,
        case
            when delivered_per_arm_needed is null then 'no_control_rate_yet'
            when delivered_per_arm >= delivered_per_arm_needed then 'sample_reached'
            when not is_running then 'ended_short_of_sample'
            when sample_date_at_current_rate is null then 'no_recent_deliveries'
            when sample_date_at_current_rate > end_date then 'after_end_date'
            else 'on_track'
        end as sample_projection_status,
        coalesce(
            planned_audience_per_arm < planned_delivered_per_arm_needed, false
        ) as is_audience_too_small_for_mde
    from projected

),

final as (

    select
        ab_test_id,
        test_name,
        workflow_id,
        campaign_type,
        content_format,
        source_system,
        ai_tool,
        primary_metric,
        start_date,
        end_date,
        {{ round_double('weeks_running') }} as weeks_running,
        planned_ai_share,
        evaluation_date,
        is_running,
        first_send_date,
        last_send_date,
        count_recipients_control,
        count_recipients_ai,
        count_exposed_to_both_excluded,
        delivered_control,
        delivered_ai,
        clicks_control,
        clicks_ai,
        raw_clicks_control,
        raw_clicks_ai,
        human_opens_control,
        human_opens_ai,
        count_bot_click_events,
        count_machine_open_events,
        {%- for column in [
            'control_ctr', 'ai_ctr', 'raw_control_ctr', 'raw_ai_ctr', 'control_open_rate',
            'ai_open_rate', 'ctr_lift_absolute', 'ctr_lift_relative', 'standard_error',
            'z_statistic', 'p_value', 'ctr_lift_absolute_low', 'ctr_lift_absolute_high',
            'ctr_lift_relative_low', 'ctr_lift_relative_high', 'srm_chi_square', 'srm_p_value',
            'holm_adjusted_p_value', 'ctr_lift_absolute_seq_low', 'ctr_lift_absolute_seq_high',
            'ctr_lift_relative_seq_low', 'ctr_lift_relative_seq_high', 'chance_ai_beats_control',
        ] %}
        {{ round_double(column) }} as {{ column }},
        {%- endfor %}
        has_sample_ratio_mismatch,
        is_significant,
        is_significant_sequential,
        interval_in_use,
        is_significant_in_use,
        {#- The one home of "this test proves a lift": significant as the call uses it (Holm
            after the end date, the always-valid interval while it runs) with a sound split. -#}
        is_significant_in_use and not has_sample_ratio_mismatch as counts_towards_value,
        {{ round_double('additional_clicks', 6) }} as additional_clicks,
        {{ round_double('additional_clicks_low', 6) }} as additional_clicks_low,
        {{ round_double('additional_clicks_high', 6) }} as additional_clicks_high,
        value_per_click_usd,
        value_per_click_usd_low,
        value_per_click_usd_high,
        {{ round_double('pipeline_value_usd_base', 2) }} as pipeline_value_usd_base,
        {{ round_double('pipeline_value_usd_low', 2) }} as pipeline_value_usd_low,
        {{ round_double('pipeline_value_usd_high', 2) }} as pipeline_value_usd_high,
        evidence_maturity,
        audience_size,
        {{ round_double('planned_mde_relative') }} as planned_mde_relative,
        {{ round_double('planned_power') }} as planned_power,
        {{ round_double('planned_control_rate') }} as planned_control_rate,
        planned_delivered_per_arm_needed,
        {{ round_double('planned_audience_per_arm', 6) }} as planned_audience_per_arm,
        is_audience_too_small_for_mde,
        delivered_per_arm,
        delivered_per_arm_needed,
        delivered_per_arm_still_needed,
        {#- 6 places: the inverse normal CDF is good to about 1e-9 (relative). -#}
        {{ round_double('mde_relative_detectable', 6) }} as mde_relative_detectable,
        {{ round_double('delivered_per_arm_per_day', 6) }} as delivered_per_arm_per_day,
        case
            when sample_projection_status in ('on_track', 'after_end_date')
                then sample_date_at_current_rate
        end as projected_sample_date,
        sample_projection_status,
        'ab_test_unpooled_two_proportion_z' as method  -- noqa: RF04
    from sample_projections

)

select * from final
