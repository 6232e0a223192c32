with

compared as (

    select * from {{ ref('int_ab_test_arms_compared') }}

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
        weeks_running,
        {{ round_double('planned_ai_share', 10) }} as planned_ai_share,
        evaluation_date,
        is_running,
        cast(count_recipients_control as integer) as count_recipients_control,
        cast(count_recipients_ai as integer) as count_recipients_ai,
        cast(count_exposed_to_both_excluded as integer) as count_exposed_to_both_excluded,
        cast(delivered_control as integer) as delivered_control,
        cast(delivered_ai as integer) as delivered_ai,
        cast(clicks_control as integer) as clicks_control,
        cast(clicks_ai as integer) as clicks_ai,
        cast(raw_clicks_control as integer) as raw_clicks_control,
        cast(raw_clicks_ai as integer) as raw_clicks_ai,
        cast(count_bot_click_events as integer) as count_bot_click_events,
        cast(count_machine_open_events as integer) as count_machine_open_events,
        control_ctr,
        ai_ctr,
        raw_control_ctr,
        raw_ai_ctr,
        control_open_rate,
        ai_open_rate,
        ctr_lift_absolute,
        ctr_lift_relative,
        standard_error,
        z_statistic,
        p_value,
        ctr_lift_absolute_low,
        ctr_lift_absolute_high,
        ctr_lift_relative_low,
        ctr_lift_relative_high,
        ctr_lift_absolute_seq_low,
        ctr_lift_absolute_seq_high,
        ctr_lift_relative_seq_low,
        ctr_lift_relative_seq_high,
        chance_ai_beats_control,
        srm_chi_square,
        srm_p_value,
        has_sample_ratio_mismatch,
        holm_adjusted_p_value,
        is_significant,
        is_significant_sequential,
        interval_in_use,
        is_significant_in_use,
        additional_clicks,
        additional_clicks_low,
        additional_clicks_high,
        {{ round_double('value_per_click_usd', 6) }} as value_per_click_usd,
        pipeline_value_usd,
        pipeline_value_usd_low,
        pipeline_value_usd_high,
        evidence_maturity,
        method
    from compared

)

select * from final
