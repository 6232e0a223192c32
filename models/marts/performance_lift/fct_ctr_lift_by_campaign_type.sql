{#- Click-through lift of AI variants by campaign type and send month, pooled over the tests
    whose primary metric is CTR and whose randomisation is sound (no sample-ratio mismatch). -#}
{%- set z_crit = var('roi_ci_z') -%}

with

recipient_sends as (

    select
        ab_test_id,
        campaign_type,
        arm,
        sent_at,
        is_delivered,
        is_clicked_human
    from {{ ref('int_email_events_rolled_up_to_recipient_sends') }}
    where is_in_comparison and is_delivered

),

tests as (

    select
        ab_test_id,
        primary_metric,
        has_sample_ratio_mismatch
    from {{ ref('int_ab_test_arms_compared') }}

),

monthly as (

    select
        recipient_sends.campaign_type,
        cast({{ dbt.date_trunc('month', 'recipient_sends.sent_at') }} as date) as month_start,
        count(distinct recipient_sends.ab_test_id) as count_tests,
        sum(case when recipient_sends.arm = 'control' then 1 else 0 end) as delivered_control,
        sum(case when recipient_sends.arm = 'ai' then 1 else 0 end) as delivered_ai,
        sum(
            case
                when recipient_sends.arm = 'control' and recipient_sends.is_clicked_human then 1
                else 0
            end
        ) as clicks_control,
        sum(
            case
                when recipient_sends.arm = 'ai' and recipient_sends.is_clicked_human then 1
                else 0
            end
        ) as clicks_ai
    from recipient_sends
    inner join tests
        on recipient_sends.ab_test_id = tests.ab_test_id
    where tests.primary_metric = 'ctr' and not tests.has_sample_ratio_mismatch
    group by
        recipient_sends.campaign_type,
        cast({{ dbt.date_trunc('month', 'recipient_sends.sent_at') }} as date)

),

rates as (

    select
        *,
        cast(clicks_control as double precision) / nullif(delivered_control, 0) as control_ctr,
        cast(clicks_ai as double precision) / nullif(delivered_ai, 0) as ai_ctr
    from monthly

),

differences as (

    select
        *,
        ai_ctr - control_ctr as ctr_lift_absolute,
        case when control_ctr > 0 then ai_ctr / control_ctr - 1 end as ctr_lift_relative,
        {{ two_proportion_standard_error(
            'ai_ctr', 'delivered_ai', 'control_ctr', 'delivered_control') }} as standard_error
    from rates

),

final as (

    select
        campaign_type,
        month_start,
        cast(count_tests as integer) as count_tests,
        cast(delivered_control as integer) as delivered_control,
        cast(delivered_ai as integer) as delivered_ai,
        cast(clicks_control as integer) as clicks_control,
        cast(clicks_ai as integer) as clicks_ai,
        {{ round_double('control_ctr') }} as control_ctr,
        {{ round_double('ai_ctr') }} as ai_ctr,
        {{ round_double('ctr_lift_absolute') }} as ctr_lift_absolute,
        {{ round_double('ctr_lift_relative') }} as ctr_lift_relative,
        {{ round_double('ctr_lift_absolute - ' ~ z_crit ~ ' * standard_error') }}
            as ctr_lift_absolute_low,
        {{ round_double('ctr_lift_absolute + ' ~ z_crit ~ ' * standard_error') }}
            as ctr_lift_absolute_high
    from differences

)

select * from final
