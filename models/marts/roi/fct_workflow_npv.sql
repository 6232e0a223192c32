{#- The CFO's multi-year case per workflow: present values of benefits and costs over the case
    (fct_workflow_cash_flows), NPV, risk-adjusted ROI % (NPV / PV of costs) and payback months,
    each low / base / high, beside the first-year call of fct_workflow_roi (the call keeps its
    first-year rule; the NPV is shown next to it, never mixed into it). A workflow without a
    baseline gets its costs and no NPV. -#}

{%- set cases = ['low', 'base', 'high'] %}

with

cash_flows as (

    select * from {{ ref('fct_workflow_cash_flows') }}

),

-- The measured units break-even figures are written in (base case).
measured_hours as (

    select
        workflow_id,
        hours_saved_per_task
    from {{ ref('fct_workflow_time_savings') }}

),

measured_clicks as (

    select
        workflow_id,
        additional_clicks_annualised,
        delivered_ai_annualised,
        control_ctr
    from {{ ref('int_performance_lift_value_by_workflow') }}

),

sql_value as (

    select sql_value_usd
    from {{ ref('int_pipeline_measurement_context') }}

),

workflow_calls as (

    select
        workflow_id,
        evaluation_window_end,
        pipeline_incremental_value_usd_base,
        recommendation,
        recommendation_reason
    from {{ ref('fct_workflow_roi') }}

),

summed as (

    select
        {{ multi_year_case_totals(cases) }},
        {%- for case in cases %}
        sum(benefit_usd_{{ case }}) as benefit_usd_{{ case }},
        {%- endfor %}
        workflow_id,
        workflow_name,
        roi_dimension,
        has_baseline,
        max(discount_rate) as discount_rate,
        max(year_of_case) as horizon_years,
        sum(cost_usd) as cost_usd,
        sum(cost_substitution_benefit_usd_base * discount_factor)
            as cost_substitution_benefit_present_value_usd,
        sum(revenue_benefit_usd_base * discount_factor) as revenue_benefit_present_value_usd
    from cash_flows
    group by workflow_id, workflow_name, roi_dimension, has_baseline

),

returns as (

    select
        summed.*,
        {%- for case in cases %}
        {{ dbt_utils.safe_divide(
            'summed.net_present_value_usd_' ~ case ~ ' * 100', 'summed.cost_present_value_usd'
        ) }} as risk_adjusted_roi_pct_{{ case }},
        {%- endfor %}
        workflow_calls.evaluation_window_end,
        workflow_calls.pipeline_incremental_value_usd_base,
        workflow_calls.recommendation,
        workflow_calls.recommendation_reason,
        -- Share of the measured benefit of the workflow's own dimension (cost substitution for
        -- efficiency, revenue otherwise) at which the base-case NPV is zero, the other benefit
        -- as measured; 0 when the other benefit alone covers the costs.
        case
            when
                summed.roi_dimension = 'efficiency'
                and summed.cost_substitution_benefit_present_value_usd > 0
                then greatest(
                    0,
                    (
                        summed.cost_present_value_usd
                        - summed.revenue_benefit_present_value_usd
                    )
                    / summed.cost_substitution_benefit_present_value_usd
                )
            when
                summed.roi_dimension <> 'efficiency'
                and summed.revenue_benefit_present_value_usd > 0
                then greatest(
                    0,
                    (
                        summed.cost_present_value_usd
                        - summed.cost_substitution_benefit_present_value_usd
                    )
                    / summed.revenue_benefit_present_value_usd
                )
        end as break_even_share_of_measured_benefit
    from summed
    left join workflow_calls
        on summed.workflow_id = workflow_calls.workflow_id

),

break_even as (

    select
        returns.*,
        case
            when returns.roi_dimension = 'efficiency'
                then
                    returns.break_even_share_of_measured_benefit
                    * measured_hours.hours_saved_per_task
        end as break_even_hours_saved_per_run,
        -- The revenue benefit is the A/B click value unless pipeline cohorts measured the same
        -- SQLs (fct_workflow_roi counts those instead): then its unit is the SQL.
        case
            when
                returns.roi_dimension = 'performance_lift'
                and returns.pipeline_incremental_value_usd_base is null
                then
                    returns.break_even_share_of_measured_benefit
                    * measured_clicks.additional_clicks_annualised
        end as break_even_additional_clicks_per_year,
        measured_clicks.delivered_ai_annualised,
        measured_clicks.control_ctr,
        case
            when returns.roi_dimension <> 'efficiency'
                then
                    returns.break_even_share_of_measured_benefit
                    * {{ dbt_utils.safe_divide(
                    'returns.pipeline_incremental_value_usd_base', 'sql_value.sql_value_usd'
                ) }}
        end as break_even_incremental_sqls_per_year
    from returns
    left join measured_hours
        on returns.workflow_id = measured_hours.workflow_id
    left join measured_clicks
        on returns.workflow_id = measured_clicks.workflow_id
    left join sql_value
        on true

),

-- The CTR lift an email test must show: the break-even clicks a year spread over the AI emails
-- they are earned on a year (absolute, as fct_ab_test_results' ctr_lift_absolute), and that
-- lift over the human copy's CTR (relative, as its ctr_lift_relative).
break_even_ctr as (

    select
        *,
        {{ dbt_utils.safe_divide(
            'break_even_additional_clicks_per_year', 'delivered_ai_annualised'
        ) }} as break_even_ctr_lift_absolute
    from break_even

),

break_even_ctr_relative as (

    select
        *,
        {{ dbt_utils.safe_divide('break_even_ctr_lift_absolute', 'control_ctr') }}
            as break_even_ctr_lift_relative
    from break_even_ctr

),

final as (

    select
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(workflow_name as {{ dbt.type_string() }}) as workflow_name,
        cast(roi_dimension as {{ dbt.type_string() }}) as roi_dimension,
        has_baseline,
        cast(evaluation_window_end as date) as evaluation_date,
        cast(discount_rate as numeric(8, 4)) as discount_rate,
        cast(horizon_years as integer) as horizon_years,
        cast(cost_usd as numeric(18, 2)) as cost_usd,
        cast({{ round_double('cost_present_value_usd', 2) }} as numeric(18, 2))
            as cost_present_value_usd,
        {%- for case in cases %}
        cast({{ round_double('benefit_usd_' ~ case, 2) }} as numeric(18, 2))
            as benefit_usd_{{ case }},
        cast({{ round_double('benefit_present_value_usd_' ~ case, 2) }} as numeric(18, 2))
            as benefit_present_value_usd_{{ case }},
        cast({{ round_double('net_present_value_usd_' ~ case, 2) }} as numeric(18, 2))
            as net_present_value_usd_{{ case }},
        cast({{ round_double('risk_adjusted_roi_pct_' ~ case, 2) }} as numeric(18, 2))
            as risk_adjusted_roi_pct_{{ case }},
        cast({{ round_double('payback_months_' ~ case, 2) }} as numeric(18, 2))
            as payback_months_{{ case }},
        {%- endfor %}
        cast({{ round_double('break_even_share_of_measured_benefit', 4) }} as numeric(18, 4))
            as break_even_share_of_measured_benefit,
        cast({{ round_double('break_even_hours_saved_per_run', 2) }} as numeric(18, 2))
            as break_even_hours_saved_per_run,
        cast({{ round_double('break_even_additional_clicks_per_year', 0) }} as numeric(18, 0))
            as break_even_additional_clicks_per_year,
        {{ round_double('break_even_ctr_lift_absolute', 6) }} as break_even_ctr_lift_absolute,
        {{ round_double('break_even_ctr_lift_relative', 4) }} as break_even_ctr_lift_relative,
        cast({{ round_double('break_even_incremental_sqls_per_year', 1) }} as numeric(18, 1))
            as break_even_incremental_sqls_per_year,
        cast(recommendation as {{ dbt.type_string() }}) as recommendation,
        cast(recommendation_reason as {{ dbt.type_string() }}) as recommendation_reason
    from break_even_ctr_relative

)

select * from final
