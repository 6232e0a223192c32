{#- Hours and dollars each live workflow saves a year, as ranges. Every figure is selected from
    the workflow-economics spine (int_workflow_economics); this mart publishes them at the scale
    its contract declares. -#}

with

economics as (

    select * from {{ ref('int_workflow_economics') }}
    where workflow_status = 'live'

),

final as (

    select
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(count_baseline_tasks as integer) as count_baseline_tasks,
        cast(count_ai_tasks as integer) as count_ai_tasks,
        {{ round_double('baseline_hours_per_task', 6) }} as baseline_hours_per_task,
        {{ round_double('ai_hours_per_task', 6) }} as ai_hours_per_task,
        {{ round_double('hours_saved_per_task_base', 6) }} as hours_saved_per_task,
        {{ round_double('hours_saved_per_task_low', 6) }} as hours_saved_per_task_low,
        {{ round_double('hours_saved_per_task_high', 6) }} as hours_saved_per_task_high,
        cast(runs_per_year as integer) as annual_task_frequency,
        {{ round_double('annual_hours_saved_base', 6) }} as annual_hours_saved,
        {{ round_double('annual_hours_saved_low', 6) }} as annual_hours_saved_low,
        {{ round_double('annual_hours_saved_high', 6) }} as annual_hours_saved_high,
        cast(owner_annual_hours as integer) as owner_annual_hours,
        {{ round_double('owner_loaded_hourly_rate_usd', 6) }} as loaded_hourly_rate_usd,
        {{ range_columns('annual_value_usd_{case}', 'annual_savings_usd') }},
        {{ round_double('headcount_equivalent', 6) }} as headcount_equivalent,
        cast(range_method as {{ dbt.type_string() }}) as range_method,
        has_baseline,
        cast(efficiency_evidence_maturity as {{ dbt.type_string() }}) as evidence_maturity
    from economics

)

select * from final
