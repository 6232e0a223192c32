{#- Per AI-assisted workflow: what it cost, what it returned, by which method, how sure we are,
    and the call after its 90-day window. Values are annual (USD a year) against first-year
    costs; each as low / base / high. See the doc blocks in models/docs/_formulas.md. -#}

{%- set as_of_date = var('roi_as_of_date', none) %}

with

workflows as (

    select
        workflow_id,
        workflow_name,
        roi_dimension,
        ai_tool,
        ai_go_live_date
    from {{ ref('dim_workflows') }}

),

latest_activity_date as (

    {%- if as_of_date %}
    select cast('{{ as_of_date }}' as date) as as_of_date
    {%- else %}
    -- The latest activity in the data, so a rebuild of the same extracts gives the same answer:
    -- the time entries' latest date; without time entries, the CRM as-of date, else the latest
    -- email event. With nothing landed at all there is no date to evaluate on, and no row.
    select
        coalesce(
            (select last_time_entry_date from {{ ref('int_activity_dates_bounded') }}),
            (select as_of_date from {{ ref('int_pipeline_measurement_context') }}),
            (select last_email_event_date from {{ ref('int_activity_dates_bounded') }})
        ) as as_of_date
    {%- endif %}

),

evaluation_date as (

    select as_of_date
    from latest_activity_date
    where as_of_date is not null

),

economics as (

    {#- Value, evidence and costs of each live workflow: the workflow-economics spine. -#}
    select
        workflow_id,
        has_baseline,
        {#- In cents, as fct_workflow_time_savings publishes it: the totals add what is shown. -#}
        {{ range_columns('annual_value_usd_{case}', 'annual_value_usd') }},
        efficiency_evidence_maturity,
        has_cost_inputs,
        licence_cost_usd_per_year,
        review_cost_usd_per_year,
        one_off_cost_usd
    from {{ ref('int_workflow_economics') }}
    where workflow_status = 'live'

),

performance_lift as (

    select
        workflow_id,
        lift_value_usd_low,
        lift_value_usd_base,
        lift_value_usd_high,
        evidence_maturity
    from {{ ref('int_performance_lift_value_by_workflow') }}

),

pipeline as (

    select
        workflow_id,
        incremental_value_usd_low,
        incremental_value_usd_base,
        incremental_value_usd_high,
        pre_post_value_usd_low,
        pre_post_value_usd_base,
        pre_post_value_usd_high,
        ai_attributed_pipeline_usd,
        attribution_model,
        evidence_maturity,
        has_same_period_comparison
    from {{ ref('int_pipeline_value_by_workflow') }}

),

joined as (

    select
        workflows.workflow_id,
        workflows.workflow_name,
        workflows.roi_dimension,
        workflows.ai_tool,
        workflows.ai_go_live_date as evaluation_window_start,
        evaluation_date.as_of_date as evaluation_window_end,
        {{ dbt.datediff('workflows.ai_go_live_date', 'evaluation_date.as_of_date', 'day') }}
            as days_since_go_live,

        -- cost substitution: the efficiency dimension (null without a pre-AI baseline)
        case when economics.has_baseline then economics.annual_value_usd_low end
            as cost_substitution_value_usd_low,
        case when economics.has_baseline then economics.annual_value_usd_base end
            as cost_substitution_value_usd_base,
        case when economics.has_baseline then economics.annual_value_usd_high end
            as cost_substitution_value_usd_high,

        -- performance lift: A/B tests (same period, randomised)
        performance_lift.lift_value_usd_low as performance_lift_value_usd_low,
        performance_lift.lift_value_usd_base as performance_lift_value_usd_base,
        performance_lift.lift_value_usd_high as performance_lift_value_usd_high,

        -- pipeline: AI-tagged vs untagged cohorts in the same period, and pre/post go-live
        case when pipeline.has_same_period_comparison then pipeline.incremental_value_usd_low end
            as pipeline_incremental_value_usd_low,
        case when pipeline.has_same_period_comparison then pipeline.incremental_value_usd_base end
            as pipeline_incremental_value_usd_base,
        case when pipeline.has_same_period_comparison then pipeline.incremental_value_usd_high end
            as pipeline_incremental_value_usd_high,
        pipeline.pre_post_value_usd_low,
        pipeline.pre_post_value_usd_base,
        pipeline.pre_post_value_usd_high,
        pipeline.ai_attributed_pipeline_usd,
        pipeline.attribution_model,

        coalesce(economics.has_baseline, false) as has_efficiency_baseline,
        coalesce(economics.efficiency_evidence_maturity, 'not_measured')
            as efficiency_evidence_maturity,
        coalesce(performance_lift.evidence_maturity, 'not_measured')
            as performance_lift_evidence_maturity,
        coalesce(pipeline.evidence_maturity, 'not_measured') as pipeline_evidence_maturity,

        -- costs (the spine's): review time is a cost, counted once (time moves to curation)
        coalesce(economics.licence_cost_usd_per_year, 0) as licence_cost_usd_per_year,
        coalesce(economics.review_cost_usd_per_year, 0) as review_cost_usd_per_year,
        coalesce(economics.one_off_cost_usd, 0) as one_off_cost_usd,
        coalesce(economics.has_cost_inputs, false) as has_cost_inputs
    from workflows
    cross join evaluation_date
    left join economics
        on workflows.workflow_id = economics.workflow_id
    left join performance_lift
        on workflows.workflow_id = performance_lift.workflow_id
    left join pipeline
        on workflows.workflow_id = pipeline.workflow_id

),

-- The incremental-lift method: pipeline cohorts when measured (they are downstream of clicks,
-- so the click value is then shown but not added), else the A/B lift value.
methods as (

    select
        *,
        coalesce(pipeline_incremental_value_usd_low, performance_lift_value_usd_low)
            as incremental_lift_value_usd_low,
        coalesce(pipeline_incremental_value_usd_base, performance_lift_value_usd_base)
            as incremental_lift_value_usd_base,
        coalesce(pipeline_incremental_value_usd_high, performance_lift_value_usd_high)
            as incremental_lift_value_usd_high,
        case
            when pipeline_incremental_value_usd_base is not null then pipeline_evidence_maturity
            when performance_lift_value_usd_base is not null
                then performance_lift_evidence_maturity
            when pre_post_value_usd_base is not null then pipeline_evidence_maturity
        end as revenue_evidence_maturity,
        cost_substitution_value_usd_base is not null
        or performance_lift_value_usd_base is not null
        or pipeline_incremental_value_usd_base is not null
        or pre_post_value_usd_base is not null as has_baseline,
        licence_cost_usd_per_year + review_cost_usd_per_year as recurring_cost_usd_per_year
    from joined

),

valued as (

    select
        *,
        case
            when incremental_lift_value_usd_base is not null then 'incremental_lift'
            when pre_post_value_usd_base is not null then 'pre_post'
            else 'none'
        end as revenue_method,
        coalesce(
            cost_substitution_value_usd_base is not null
            and efficiency_evidence_maturity <> 'mature',
            false
        )
        or coalesce(revenue_evidence_maturity <> 'mature', false) as has_immature_evidence,
        case
            when has_baseline
                then
                    coalesce(cost_substitution_value_usd_low, 0)
                    + coalesce(incremental_lift_value_usd_low, pre_post_value_usd_low, 0)
        end as total_value_usd_low,
        case
            when has_baseline
                then
                    coalesce(cost_substitution_value_usd_base, 0)
                    + coalesce(incremental_lift_value_usd_base, pre_post_value_usd_base, 0)
        end as total_value_usd_base,
        case
            when has_baseline
                then
                    coalesce(cost_substitution_value_usd_high, 0)
                    + coalesce(incremental_lift_value_usd_high, pre_post_value_usd_high, 0)
        end as total_value_usd_high,
        recurring_cost_usd_per_year + one_off_cost_usd as total_cost_usd
    from methods

),

net_benefits as (

    select
        *,
        total_value_usd_low - total_cost_usd as net_benefit_usd_low,
        total_value_usd_base - total_cost_usd as net_benefit_usd_base,
        total_value_usd_high - total_cost_usd as net_benefit_usd_high
    from valued

),

returns as (

    select
        *,
        {{ dbt_utils.safe_divide('net_benefit_usd_low * 100', 'total_cost_usd') }} as roi_pct_low,
        {{ dbt_utils.safe_divide('net_benefit_usd_base * 100', 'total_cost_usd') }} as roi_pct_base,
        {{ dbt_utils.safe_divide('net_benefit_usd_high * 100', 'total_cost_usd') }} as roi_pct_high,
        -- months of net monthly return (value - recurring cost) to earn back the one-off cost
        case
            when total_value_usd_low > recurring_cost_usd_per_year
                then one_off_cost_usd * 12 / (total_value_usd_low - recurring_cost_usd_per_year)
        end as payback_months_low,
        case
            when total_value_usd_base > recurring_cost_usd_per_year
                then one_off_cost_usd * 12 / (total_value_usd_base - recurring_cost_usd_per_year)
        end as payback_months_base,
        case
            when total_value_usd_high > recurring_cost_usd_per_year
                then one_off_cost_usd * 12 / (total_value_usd_high - recurring_cost_usd_per_year)
        end as payback_months_high
    from net_benefits

),

-- The call after the 90-day window (doc block roi_recommendation_rule).
recommended as (

    select
        *,
        case
            when not has_baseline then 'unprovable_no_baseline'
            when days_since_go_live < {{ var('roi_evaluation_window_days') }}
                then 'inside_evaluation_window'
            when net_benefit_usd_low > 0 and not has_immature_evidence
                then 'whole_range_positive'
            when net_benefit_usd_high < 0 and not has_immature_evidence
                then 'whole_range_negative'
            when has_immature_evidence then 'evidence_immature'
            else 'range_straddles_zero'
        end as recommendation_reason
    from returns

),

final as (

    select
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(workflow_name as {{ dbt.type_string() }}) as workflow_name,
        cast(roi_dimension as {{ dbt.type_string() }}) as roi_dimension,
        cast(ai_tool as {{ dbt.type_string() }}) as ai_tool,
        cast(evaluation_window_start as date) as evaluation_window_start,
        cast(evaluation_window_end as date) as evaluation_window_end,
        cast(days_since_go_live as integer) as days_since_go_live,
        has_baseline,
        has_efficiency_baseline,
        {{ range_columns('cost_substitution_value_usd_{case}', 'cost_substitution_value_usd') }},
        cast(
            cost_substitution_value_usd_base - review_cost_usd_per_year as numeric(18, 2)
        ) as efficiency_value_net_of_review_usd,
        {{ range_columns('performance_lift_value_usd_{case}', 'performance_lift_value_usd') }},
        {{ range_columns(
            'pipeline_incremental_value_usd_{case}', 'pipeline_incremental_value_usd'
        ) }},
        {{ range_columns('incremental_lift_value_usd_{case}', 'incremental_lift_value_usd') }},
        {{ range_columns('pre_post_value_usd_{case}', 'pre_post_value_usd') }},
        cast(revenue_method as {{ dbt.type_string() }}) as revenue_method,
        cast(ai_attributed_pipeline_usd as numeric(18, 2)) as ai_attributed_pipeline_usd,
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(licence_cost_usd_per_year as numeric(18, 2)) as licence_cost_usd_per_year,
        cast(review_cost_usd_per_year as numeric(18, 2)) as review_cost_usd_per_year,
        cast(one_off_cost_usd as numeric(18, 2)) as one_off_cost_usd,
        cast(total_cost_usd as numeric(18, 2)) as total_cost_usd,
        has_cost_inputs,
        {{ range_columns('total_value_usd_{case}', 'total_value_usd') }},
        {{ range_columns('net_benefit_usd_{case}', 'net_benefit_usd') }},
        cast({{ round_double('roi_pct_low', 2) }} as numeric(18, 2)) as roi_pct_low,
        cast({{ round_double('roi_pct_base', 2) }} as numeric(18, 2)) as roi_pct_base,
        cast({{ round_double('roi_pct_high', 2) }} as numeric(18, 2)) as roi_pct_high,
        cast({{ round_double('payback_months_low', 2) }} as numeric(18, 2))
            as payback_months_low,
        cast({{ round_double('payback_months_base', 2) }} as numeric(18, 2))
            as payback_months_base,
        cast({{ round_double('payback_months_high', 2) }} as numeric(18, 2))
            as payback_months_high,
        cast(efficiency_evidence_maturity as {{ dbt.type_string() }})
            as efficiency_evidence_maturity,
        cast(performance_lift_evidence_maturity as {{ dbt.type_string() }})
            as performance_lift_evidence_maturity,
        cast(pipeline_evidence_maturity as {{ dbt.type_string() }}) as pipeline_evidence_maturity,
        case
            when recommendation_reason = 'whole_range_positive' then 'scale'
            when recommendation_reason = 'whole_range_negative' then 'kill'
            else 'keep_measuring'
        end as recommendation,
        cast(recommendation_reason as {{ dbt.type_string() }}) as recommendation_reason
    from recommended

)

select * from final
