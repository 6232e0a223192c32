{#- One row per workflow and ROI dimension (efficiency, performance_lift, pipeline): how mature
    the evidence is today, what it still lacks in the unit that dimension needs, how fast that
    accrues (the last roi_accrual_window_days days of data) and the date it is projected to
    become mature; empty, with the reason, when it never will at the current rate. -#}
{%- set accrual_days = var('roi_accrual_window_days') -%}
{%- set min_tasks = var('roi_efficiency_min_tasks_per_side') -%}
{%- set as_of_date = var('roi_as_of_date', none) -%}

with

workflows as (

    select workflow_id
    from {{ ref('dim_workflows') }}

),

time_savings as (

    select
        workflow_id,
        count_baseline_tasks,
        count_ai_tasks,
        evidence_maturity
    from {{ ref('fct_workflow_time_savings') }}

),

task_instances as (

    select
        workflow_id,
        work_mode,
        finished_on
    from {{ ref('int_task_instances_classified') }}

),

ab_tests as (

    select
        workflow_id,
        ab_test_id,
        evaluation_date,
        is_running,
        end_date,
        weeks_running,
        evidence_maturity,
        delivered_per_arm,
        delivered_per_arm_needed,
        delivered_per_arm_still_needed,
        delivered_per_arm_per_day,
        projected_sample_date,
        sample_projection_status
    from {{ ref('fct_ab_test_results') }}

),

lift_by_workflow as (

    select
        workflow_id,
        evidence_maturity
    from {{ ref('int_performance_lift_value_by_workflow') }}

),

ai_cohorts as (

    select
        workflow_id,
        mql_month,
        cohort_matures_on
    from {{ ref('int_mql_cohorts_compared') }}
    where cohort_type = 'ai_assisted' and comparison_count_mqls > 0

),

pipeline_by_workflow as (

    select
        workflow_id,
        months_observed,
        evidence_maturity
    from {{ ref('int_pipeline_value_by_workflow') }}

),

pipeline_context as (

    select
        as_of_date,
        min_mature_cohort_months,
        cohort_maturity_window_days
    from {{ ref('int_pipeline_measurement_context') }}

),

-- Efficiency: task instances per side (pre-AI baseline, AI-assisted) ----------------------------

efficiency_as_of as (

    {%- if as_of_date %}
    select cast('{{ as_of_date }}' as date) as as_of_date
    {%- else %}
    select cast(max(finished_on) as date) as as_of_date
    from task_instances
    {%- endif %}

),

task_accrual as (

    select
        task_instances.workflow_id,
        sum(case when task_instances.work_mode = 'baseline' then 1 else 0 end)
            as baseline_tasks_in_window,
        sum(case when task_instances.work_mode = 'ai_assisted' then 1 else 0 end)
            as ai_tasks_in_window
    from task_instances
    cross join efficiency_as_of
    where
        task_instances.finished_on
        > {{ dbt.dateadd('day', -accrual_days, 'efficiency_as_of.as_of_date') }}
        and task_instances.finished_on <= efficiency_as_of.as_of_date
    group by task_instances.workflow_id

),

efficiency_needs as (

    select
        workflows.workflow_id,
        efficiency_as_of.as_of_date,
        coalesce(time_savings.evidence_maturity, 'not_measured') as evidence_maturity,
        coalesce(time_savings.count_baseline_tasks, 0) as count_baseline_tasks,
        coalesce(time_savings.count_ai_tasks, 0) as count_ai_tasks,
        greatest(0, {{ min_tasks }} - coalesce(time_savings.count_baseline_tasks, 0))
            as missing_baseline,
        greatest(0, {{ min_tasks }} - coalesce(time_savings.count_ai_tasks, 0)) as missing_ai,
        coalesce(task_accrual.baseline_tasks_in_window, 0) as baseline_in_window,
        coalesce(task_accrual.ai_tasks_in_window, 0) as ai_in_window,
        cast(coalesce(task_accrual.baseline_tasks_in_window, 0) as double precision)
        / {{ accrual_days }} as baseline_per_day,
        cast(coalesce(task_accrual.ai_tasks_in_window, 0) as double precision)
        / {{ accrual_days }} as ai_per_day
    from workflows
    cross join efficiency_as_of
    left join time_savings
        on workflows.workflow_id = time_savings.workflow_id
    left join task_accrual
        on workflows.workflow_id = task_accrual.workflow_id

),

efficiency_days as (

    select
        *,
        {#- Days until the slower of the two sides has its minimum (null: a lacking side does
            not accrue at all). -#}
        case
            when missing_baseline > 0 and not baseline_per_day > 0 then null
            when missing_ai > 0 and not ai_per_day > 0 then null
            else greatest(
                {#- missing / (count in window / window days), in integers first. -#}
                case
                    when missing_baseline > 0
                        then ceil(
                            cast(missing_baseline * {{ accrual_days }} as double precision)
                            / baseline_in_window
                        )
                end,
                case
                    when missing_ai > 0
                        then ceil(
                            cast(missing_ai * {{ accrual_days }} as double precision)
                            / ai_in_window
                        )
                end,
                0
            )
        end as days_to_mature
    from efficiency_needs

),

efficiency as (

    select
        workflow_id,
        'efficiency' as dimension,
        as_of_date,
        evidence_maturity,
        'task_instances_per_side' as missing_unit,
        cast({{ min_tasks }} as double precision) as count_needed,
        cast(least(count_baseline_tasks, count_ai_tasks) as double precision) as count_observed,
        cast(greatest(missing_baseline, missing_ai) as double precision) as count_missing,
        {#- The rate of the side that lacks the most (the one the date waits for). -#}
        30 * case
            when missing_baseline >= missing_ai then baseline_per_day else ai_per_day
        end as accrual_per_30_days,
        case
            when evidence_maturity = 'mature' then 'mature_now'
            when evidence_maturity = 'not_measured' then 'not_measured'
            when days_to_mature is null then 'never_at_current_rate'
            else 'projected'
        end as projection_status,
        case
            when evidence_maturity = 'mature' or days_to_mature is null then null
            else cast(
                {{ dbt.dateadd('day', 'cast(days_to_mature as integer)', 'as_of_date') }} as date
            )
        end as projected_mature_date,
        case
            when evidence_maturity = 'mature'
                then 'Proven now: at least {{ min_tasks }} task instances on each side.'
            when evidence_maturity = 'not_measured'
                then 'No time entries map to this workflow.'
            when missing_baseline > 0 and not baseline_per_day > 0
                then
                    'Never at the current rate: no pre-AI (baseline) task instances in the '
                    || 'last {{ accrual_days }} days, and the baseline lacks '
                    || cast(missing_baseline as {{ dbt.type_string() }}) || '.'
            when missing_ai > 0 and not ai_per_day > 0
                then
                    'Never at the current rate: no AI-assisted task instances in the last '
                    || '{{ accrual_days }} days, and the AI side lacks '
                    || cast(missing_ai as {{ dbt.type_string() }}) || '.'
            else
                'Still lacks ' || cast(missing_baseline as {{ dbt.type_string() }})
                || ' baseline and ' || cast(missing_ai as {{ dbt.type_string() }})
                || ' AI-assisted task instances at the rate of the last {{ accrual_days }} days.'
        end as projection_reason
    from efficiency_days

),

-- A/B tests: delivered emails per arm --------------------------------------------------------

ab_candidates as (

    {#- A test that can still mature: not yet mature, randomised fine, still running. It
        matures at the earlier of the day it reaches its planned sample (at the current delivery
        rate) and its end date when it will then have run roi_ab_min_weeks weeks. -#}
    select
        *,
        case
            when
                projected_sample_date is not null and weeks_running >= {{ var('roi_ab_min_weeks') }}
                then least(projected_sample_date, end_date)
            when weeks_running >= {{ var('roi_ab_min_weeks') }} then end_date
            else projected_sample_date
        end as test_matures_on
    from ab_tests
    where is_running and evidence_maturity = 'immature'

),

ab_next as (

    select
        *,
        row_number() over (
            partition by workflow_id
            order by test_matures_on asc nulls last, ab_test_id asc
        ) as next_rank
    from ab_candidates

),

ab_as_of as (

    select max(evaluation_date) as as_of_date
    from ab_tests

),

performance_lift as (

    select
        workflows.workflow_id,
        'performance_lift' as dimension,
        ab_as_of.as_of_date,
        coalesce(lift_by_workflow.evidence_maturity, 'not_measured') as evidence_maturity,
        'delivered_per_arm' as missing_unit,
        cast(ab_next.delivered_per_arm_needed as double precision) as count_needed,
        cast(ab_next.delivered_per_arm as double precision) as count_observed,
        cast(ab_next.delivered_per_arm_still_needed as double precision) as count_missing,
        30 * ab_next.delivered_per_arm_per_day as accrual_per_30_days,
        case
            when lift_by_workflow.evidence_maturity = 'mature' then 'mature_now'
            when lift_by_workflow.workflow_id is null then 'not_measured'
            when ab_next.test_matures_on is null then 'never_at_current_rate'
            else 'projected'
        end as projection_status,
        case
            when coalesce(lift_by_workflow.evidence_maturity, '') <> 'mature'
                then ab_next.test_matures_on
        end as projected_mature_date,
        case
            when lift_by_workflow.evidence_maturity = 'mature'
                then 'Proven now: at least one A/B test of this workflow is mature.'
            when lift_by_workflow.workflow_id is null
                then 'No A/B test of this workflow is registered (seed ab_tests).'
            when ab_next.ab_test_id is null
                then
                    'Never at the current rate: no A/B test of this workflow is still running; '
                    || 'register a new one.'
            when ab_next.test_matures_on is null
                then
                    'Never at the current rate: test ' || ab_next.ab_test_id
                    || ' will not reach its planned sample before it ends ('
                    || ab_next.sample_projection_status || ') and runs under '
                    || '{{ var("roi_ab_min_weeks") }} weeks.'
            else 'Test ' || ab_next.ab_test_id || ' reaches its planned sample or its end date.'
        end as projection_reason
    from workflows
    cross join ab_as_of
    left join lift_by_workflow
        on workflows.workflow_id = lift_by_workflow.workflow_id
    left join ab_next
        on workflows.workflow_id = ab_next.workflow_id and ab_next.next_rank = 1

),

-- Pipeline: mature AI cohort months ----------------------------------------------------------

cohort_order as (

    select
        *,
        row_number() over (
            partition by workflow_id order by cohort_matures_on asc, mql_month asc
        ) as cohort_rank
    from ai_cohorts

),

cohorts_by_workflow as (

    select
        cohort_order.workflow_id,
        count(*) as count_cohorts,
        max(cohort_order.mql_month) as latest_mql_month,
        {#- The day the min_mature_cohort_months-th cohort matures, when it exists already. -#}
        max(
            case
                when cohort_order.cohort_rank = pipeline_context.min_mature_cohort_months
                    then cohort_order.cohort_matures_on
            end
        ) as needed_cohort_matures_on
    from cohort_order
    cross join pipeline_context
    group by cohort_order.workflow_id

),

pipeline_needs as (

    select
        workflows.workflow_id,
        pipeline_context.as_of_date,
        pipeline_context.min_mature_cohort_months,
        pipeline_context.cohort_maturity_window_days,
        coalesce(pipeline_by_workflow.evidence_maturity, 'not_measured') as evidence_maturity,
        pipeline_by_workflow.workflow_id is not null as has_ai_leads,
        coalesce(cohorts_by_workflow.count_cohorts, 0) as count_cohorts,
        {#- Mature AI cohort months with a same-month comparison, as the workflow's pipeline
            value counts them. -#}
        coalesce(pipeline_by_workflow.months_observed, 0) as count_mature_cohorts,
        cohorts_by_workflow.latest_mql_month,
        cohorts_by_workflow.needed_cohort_matures_on,
        {#- New cohort months accrue one a month while AI-tagged MQLs keep arriving: the
            latest cohort month reaches into the accrual window. -#}
        coalesce(
            {{ dbt.dateadd('month', 1, 'cohorts_by_workflow.latest_mql_month') }}
            > {{ dbt.dateadd('day', -accrual_days, 'pipeline_context.as_of_date') }},
            false
        ) as is_accruing
    from workflows
    cross join pipeline_context
    left join pipeline_by_workflow
        on workflows.workflow_id = pipeline_by_workflow.workflow_id
    left join cohorts_by_workflow
        on workflows.workflow_id = cohorts_by_workflow.workflow_id

),

pipeline_projected as (

    select
        *,
        greatest(0, min_mature_cohort_months - count_cohorts) as count_new_months_needed,
        case
            when needed_cohort_matures_on is not null then cast(needed_cohort_matures_on as date)
            {#- Accruing: the last new month needed arrives, then matures after the window. -#}
            when is_accruing
                then cast(
                    {{ cohort_matures_on(
                        dbt.dateadd(
                            'month',
                            'min_mature_cohort_months - count_cohorts',
                            'latest_mql_month'
                        ),
                        'cohort_maturity_window_days'
                    ) }} as date
                )
        end as pipeline_matures_on
    from pipeline_needs

),

pipeline as (

    select
        workflow_id,
        'pipeline' as dimension,
        as_of_date,
        evidence_maturity,
        'mature_cohort_months' as missing_unit,
        cast(min_mature_cohort_months as double precision) as count_needed,
        cast(count_mature_cohorts as double precision) as count_observed,
        cast(
            greatest(0, min_mature_cohort_months - count_mature_cohorts) as double precision
        ) as count_missing,
        case when is_accruing then 30.0 * 12 / 365 else 0.0 end as accrual_per_30_days,
        case
            when evidence_maturity = 'mature' then 'mature_now'
            when not has_ai_leads then 'not_measured'
            when pipeline_matures_on is null then 'never_at_current_rate'
            else 'projected'
        end as projection_status,
        case
            when evidence_maturity <> 'mature' then pipeline_matures_on
        end as projected_mature_date,
        case
            when evidence_maturity = 'mature'
                then 'Proven now: enough mature AI cohort months with a same-month comparison.'
            when not has_ai_leads then 'No AI-tagged leads of this workflow in the CRM data.'
            when pipeline_matures_on is null
                then
                    'Never at the current rate: no AI-tagged MQLs in the last '
                    || '{{ accrual_days }} days, and too few cohort months so far.'
            when count_new_months_needed > 0
                then
                    'Needs ' || cast(count_new_months_needed as {{ dbt.type_string() }})
                    || ' more month(s) of AI-tagged MQLs, each mature '
                    || cast(cohort_maturity_window_days as {{ dbt.type_string() }})
                    || ' days after its month ends.'
            else
                'The cohort months exist; they mature '
                || cast(cohort_maturity_window_days as {{ dbt.type_string() }})
                || ' days after their month ends.'
        end as projection_reason
    from pipeline_projected

),

unioned as (

    select * from efficiency
    union all
    select * from performance_lift
    union all
    select * from pipeline

),

final as (

    select
        cast(workflow_id || '|' || dimension as {{ dbt.type_string() }}) as evidence_timeline_id,
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(as_of_date as date) as as_of_date,
        cast(evidence_maturity as {{ dbt.type_string() }}) as evidence_maturity,
        cast(missing_unit as {{ dbt.type_string() }}) as missing_unit,
        {{ round_double('count_needed', 6) }} as count_needed,
        {{ round_double('count_observed', 6) }} as count_observed,
        {{ round_double('count_missing', 6) }} as count_missing,
        {{ round_double('accrual_per_30_days', 6) }} as accrual_per_30_days,
        cast(projected_mature_date as date) as projected_mature_date,
        cast(projection_status as {{ dbt.type_string() }}) as projection_status,
        cast(projection_reason as {{ dbt.type_string() }}) as projection_reason
    from unioned

)

select * from final
