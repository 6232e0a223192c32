{#- The one-page QBR rollup: one row per evaluation date. Totals add lows to lows and highs to
    highs, so the range is deliberately wide (every workflow at its worst, or at its best). Costs
    of workflows that cannot prove a return are counted, and shown apart. A lead tagged by several
    workflows is in each workflow's AI cohort, so the per-workflow pipeline values overlap: the
    overlap is measured and shown beside the totals (not deducted, the totals stay the sum of
    fct_workflow_roi). -#}

{%- set roi_pct = {} %}
{%- for case in ['low', 'base', 'high'] %}
    {%- do roi_pct.update({case: dbt_utils.safe_divide(
        'net_benefit_usd_' ~ case ~ ' * 100', 'provable_cost_usd'
    )}) %}
{%- endfor %}

with

workflow_roi as (

    select * from {{ ref('fct_workflow_roi') }}

),

shared_leads as (

    select * from {{ ref('int_pipeline_leads_in_several_workflows') }}

),

measurement_status as (

    {#- One column per dimension: measured, or not measured for lack of data. -#}
    select
        max(case when dimension = 'efficiency' then measurement_status end)
            as efficiency_measurement_status,
        max(case when dimension = 'performance_lift' then measurement_status end)
            as performance_lift_measurement_status,
        max(case when dimension = 'pipeline' then measurement_status end)
            as pipeline_measurement_status
    from {{ ref('int_measurement_status_by_dimension') }}

),

context as (

    select sql_value_usd
    from {{ ref('int_pipeline_measurement_context') }}

),

valued_workflows as (

    select distinct workflow_id
    from workflow_roi
    where pipeline_incremental_value_usd_base is not null

),

overlap_sqls as (

    {#- Only the workflows whose same-period value the totals add up. -#}
    select
        count(distinct case when shared_leads.is_sql then shared_leads.funnel_person_id end)
            as count_sqls_in_several_workflows,
        {#- Rounded: a sum of doubles depends on the order rows are added in. -#}
        coalesce(
            {{ round_double(
                'sum(case when valued_workflows.workflow_id is not null'
                ~ ' then shared_leads.overlap_sqls_per_year end)'
            ) }},
            0
        ) as overlap_sqls_per_year
    from shared_leads
    left join valued_workflows
        on shared_leads.workflow_id = valued_workflows.workflow_id

),

overlap as (

    select
        overlap_sqls.count_sqls_in_several_workflows,
        overlap_sqls.overlap_sqls_per_year * context.sql_value_usd
            as pipeline_overlap_value_usd_base
    from overlap_sqls
    cross join context

),

totals as (

    select
        evaluation_window_end as evaluation_date,
        count(*) as workflows_evaluated,
        sum(case when has_baseline then 1 else 0 end) as workflows_with_baseline,
        sum(case when not has_baseline then 1 else 0 end) as workflows_unprovable,
        sum(case when recommendation = 'scale' then 1 else 0 end) as workflows_to_scale,
        sum(case when recommendation = 'keep_measuring' then 1 else 0 end)
            as workflows_to_keep_measuring,
        sum(case when recommendation = 'kill' then 1 else 0 end) as workflows_to_kill,
        coalesce(sum(cost_substitution_value_usd_low), 0) as cost_substitution_value_usd_low,
        coalesce(sum(cost_substitution_value_usd_base), 0) as cost_substitution_value_usd_base,
        coalesce(sum(cost_substitution_value_usd_high), 0) as cost_substitution_value_usd_high,
        coalesce(sum(performance_lift_value_usd_low), 0) as performance_lift_value_usd_low,
        coalesce(sum(performance_lift_value_usd_base), 0) as performance_lift_value_usd_base,
        coalesce(sum(performance_lift_value_usd_high), 0) as performance_lift_value_usd_high,
        coalesce(sum(pipeline_incremental_value_usd_low), 0) as pipeline_incremental_value_usd_low,
        coalesce(sum(pipeline_incremental_value_usd_base), 0)
            as pipeline_incremental_value_usd_base,
        coalesce(sum(pipeline_incremental_value_usd_high), 0)
            as pipeline_incremental_value_usd_high,
        coalesce(sum(incremental_lift_value_usd_low), 0) as incremental_lift_value_usd_low,
        coalesce(sum(incremental_lift_value_usd_base), 0) as incremental_lift_value_usd_base,
        coalesce(sum(incremental_lift_value_usd_high), 0) as incremental_lift_value_usd_high,
        coalesce(sum(pre_post_value_usd_low), 0) as pre_post_value_usd_low,
        coalesce(sum(pre_post_value_usd_base), 0) as pre_post_value_usd_base,
        coalesce(sum(pre_post_value_usd_high), 0) as pre_post_value_usd_high,
        coalesce(sum(total_value_usd_low), 0) as total_value_usd_low,
        coalesce(sum(total_value_usd_base), 0) as total_value_usd_base,
        coalesce(sum(total_value_usd_high), 0) as total_value_usd_high,
        coalesce(sum(net_benefit_usd_low), 0) as net_benefit_usd_low,
        coalesce(sum(net_benefit_usd_base), 0) as net_benefit_usd_base,
        coalesce(sum(net_benefit_usd_high), 0) as net_benefit_usd_high,
        coalesce(sum(ai_attributed_pipeline_usd), 0) as ai_attributed_pipeline_usd,
        sum(total_cost_usd) as total_cost_usd,
        sum(case when has_baseline then total_cost_usd else 0 end) as provable_cost_usd,
        sum(case when not has_baseline then total_cost_usd else 0 end) as unprovable_cost_usd
    from workflow_roi
    group by evaluation_window_end

),

-- The three-year case of the provable workflows together (fct_workflow_cash_flows): their
-- years added up over workflows, then the portfolio's years as fct_workflow_npv adds up one
-- workflow's (macro multi_year_case_totals: PV of benefits and costs, NPV, payback month).
case_years as (

    select
        {%- for case in ['low', 'base', 'high'] %}
        sum(benefit_present_value_usd_{{ case }}) as benefit_present_value_usd_{{ case }},
        sum(net_present_value_usd_{{ case }}) as net_present_value_usd_{{ case }},
        sum(net_cash_flow_usd_{{ case }}) as net_cash_flow_usd_{{ case }},
        {%- endfor %}
        year_of_case,
        sum(cost_present_value_usd) as cost_present_value_usd
    from {{ ref('fct_workflow_cash_flows') }}
    where has_baseline
    group by year_of_case

),

case_years_cumulated as (

    select
        {%- for case in ['low', 'base', 'high'] %}
        sum(net_cash_flow_usd_{{ case }}) over (
            order by year_of_case rows between unbounded preceding and current row
        ) as cumulative_net_cash_flow_usd_{{ case }},
        {%- endfor %}
        *
    from case_years

),

three_year_case as (

    {#- Added up as fct_workflow_npv adds up one workflow's years (one macro). -#}
    select {{ multi_year_case_totals() }}
    from case_years_cumulated

),

unprovable_case as (

    select sum(cost_present_value_usd) as unprovable_cost_present_value_usd
    from {{ ref('fct_workflow_cash_flows') }}
    where not has_baseline

),

totals_with_overlap as (

    select
        totals.*,
        overlap.count_sqls_in_several_workflows,
        overlap.pipeline_overlap_value_usd_base,
        measurement_status.efficiency_measurement_status,
        measurement_status.performance_lift_measurement_status,
        measurement_status.pipeline_measurement_status,
        three_year_case.*,
        three_year_case.cost_present_value_usd as provable_cost_present_value_usd,
        unprovable_case.unprovable_cost_present_value_usd
    from totals
    cross join overlap
    cross join measurement_status
    cross join three_year_case
    cross join unprovable_case

),

final as (

    select
        cast(evaluation_date as date) as evaluation_date,
        cast(workflows_evaluated as integer) as workflows_evaluated,
        cast({{ var('roi_evaluation_window_days') }} as integer) as evaluation_window_days,
        cast(workflows_with_baseline as integer) as workflows_with_baseline,
        cast(workflows_unprovable as integer) as workflows_unprovable,
        cast(workflows_to_scale as integer) as workflows_to_scale,
        cast(workflows_to_keep_measuring as integer) as workflows_to_keep_measuring,
        cast(workflows_to_kill as integer) as workflows_to_kill,
        cast(efficiency_measurement_status as {{ dbt.type_string() }})
            as efficiency_measurement_status,
        cast(performance_lift_measurement_status as {{ dbt.type_string() }})
            as performance_lift_measurement_status,
        cast(pipeline_measurement_status as {{ dbt.type_string() }})
            as pipeline_measurement_status,
        {{ range_columns('cost_substitution_value_usd_{case}', 'cost_substitution_value_usd') }},
        {{ range_columns('performance_lift_value_usd_{case}', 'performance_lift_value_usd') }},
        {{ range_columns(
            'pipeline_incremental_value_usd_{case}', 'pipeline_incremental_value_usd'
        ) }},
        {{ range_columns('incremental_lift_value_usd_{case}', 'incremental_lift_value_usd') }},
        {{ range_columns('pre_post_value_usd_{case}', 'pre_post_value_usd') }},
        {{ range_columns('total_value_usd_{case}', 'total_value_usd') }},
        {{ range_columns('net_benefit_usd_{case}', 'net_benefit_usd') }},
        cast(ai_attributed_pipeline_usd as numeric(18, 2)) as ai_attributed_pipeline_usd,
        cast(total_cost_usd as numeric(18, 2)) as total_cost_usd,
        cast(provable_cost_usd as numeric(18, 2)) as provable_cost_usd,
        cast(unprovable_cost_usd as numeric(18, 2)) as unprovable_cost_usd,
        cast(count_sqls_in_several_workflows as integer)
            as count_sqls_in_several_workflows,
        cast(
            {{ round_double('pipeline_overlap_value_usd_base', 2) }}
            as numeric(18, 2)
        ) as pipeline_overlap_value_usd_base,
        cast(
            {{ round_double(roi_pct['low'], 2) }}
            as numeric(18, 2)
        ) as roi_pct_low,
        cast(
            {{ round_double(roi_pct['base'], 2) }}
            as numeric(18, 2)
        ) as roi_pct_base,
        cast(
            {{ round_double(roi_pct['high'], 2) }}
            as numeric(18, 2)
        ) as roi_pct_high,
        {%- for case in ['low', 'base', 'high'] %}
        cast({{ round_double('benefit_present_value_usd_' ~ case, 2) }} as numeric(18, 2))
            as benefit_present_value_usd_{{ case }},
        cast({{ round_double('net_present_value_usd_' ~ case, 2) }} as numeric(18, 2))
            as net_present_value_usd_{{ case }},
        cast(
            {{ round_double(dbt_utils.safe_divide(
                'net_present_value_usd_' ~ case ~ ' * 100', 'provable_cost_present_value_usd'
            ), 2) }} as numeric(18, 2)
        ) as risk_adjusted_roi_pct_{{ case }},
        cast({{ round_double('payback_months_' ~ case, 2) }} as numeric(18, 2))
            as payback_months_{{ case }},
        {%- endfor %}
        cast({{ round_double('provable_cost_present_value_usd', 2) }} as numeric(18, 2))
            as provable_cost_present_value_usd,
        cast({{ round_double('unprovable_cost_present_value_usd', 2) }} as numeric(18, 2))
            as unprovable_cost_present_value_usd
    from totals_with_overlap

)

select * from final
