{#- What would more AI deliver? One row per scenario (seed roi_scenarios): the additional annual
    value of the scenario's lift, adoption and frequency growth over today's baseline, as a
    low / base / high range from the seed's lift levels, valued at the agreed unit values. -#}

with

scenarios as (

    select
        scenario_id,
        scenario_name,
        workflow_id,
        lever,
        baseline_annual_volume,
        baseline_rate,
        relative_lift_low,
        relative_lift_base,
        relative_lift_high,
        adoption_rate,
        frequency_growth,
        additional_investment_usd
    from {{ ref('roi_scenarios') }}

),

workflows as (

    select
        workflow_id,
        workflow_name,
        annual_task_frequency,
        owner_role_id
    from {{ ref('dim_workflows') }}

),

roles as (

    select
        role_id,
        loaded_hourly_rate_usd
    from {{ ref('dim_roles') }}

),

measured_savings as (

    select
        workflow_id,
        hours_saved_per_task
    from {{ ref('fct_workflow_time_savings') }}

),

costs as (

    select
        workflow_id,
        review_hours_per_task
    from {{ ref('int_workflow_costs_annualised') }}

),

latest_values as (

    {#- The latest agreed value per conversion type: a scenario looks forward, so a value agreed
        for a future date already applies to it. -#}
    select
        conversion_type,
        value_usd
    from {{ ref('int_micro_conversion_values_in_force') }}
    where is_latest_agreed

),

baselined as (

    select
        scenarios.scenario_id,
        scenarios.scenario_name,
        scenarios.workflow_id,
        workflows.workflow_name,
        scenarios.lever,
        scenarios.relative_lift_low,
        scenarios.relative_lift_base,
        scenarios.relative_lift_high,
        scenarios.adoption_rate,
        scenarios.frequency_growth,
        scenarios.additional_investment_usd,
        case
            when scenarios.baseline_annual_volume is not null then 'seed'
            when measured_savings.hours_saved_per_task is not null then 'measured'
            else 'missing'
        end as baseline_source,
        coalesce(
            scenarios.baseline_annual_volume, workflows.annual_task_frequency
        ) as baseline_annual_volume,
        coalesce(
            scenarios.baseline_rate,
            measured_savings.hours_saved_per_task - coalesce(costs.review_hours_per_task, 0)
        ) as baseline_rate,
        case scenarios.lever
            when 'hours_saved' then roles.loaded_hourly_rate_usd
            when 'mql_sql_rate' then sql_value.value_usd
            when 'ctr' then click_value.value_usd
        end as unit_value_usd
    from scenarios
    inner join workflows
        on scenarios.workflow_id = workflows.workflow_id
    left join roles
        on workflows.owner_role_id = roles.role_id
    left join measured_savings
        on scenarios.workflow_id = measured_savings.workflow_id
    left join costs
        on scenarios.workflow_id = costs.workflow_id
    left join latest_values as sql_value
        on sql_value.conversion_type = 'sql'
    left join latest_values as click_value
        on click_value.conversion_type = 'click'

),

projected as (

    select
        *,
        baseline_annual_volume * (1 + frequency_growth) * adoption_rate as scenario_annual_volume,
        baseline_annual_volume * baseline_rate as baseline_annual_units
    from baselined

),

additional_units as (

    -- Rate levers (mql_sql_rate, ctr): the lift adds volume x rate x lift conversions.
    -- hours_saved: the scenario's hours saved (volume x hours x (1 + lift)) minus today's.
    select
        *,
        case
            when lever = 'hours_saved'
                then
                    scenario_annual_volume * baseline_rate * (1 + relative_lift_low)
                    - baseline_annual_units
            else scenario_annual_volume * baseline_rate * relative_lift_low
        end as additional_annual_units_low,
        case
            when lever = 'hours_saved'
                then
                    scenario_annual_volume * baseline_rate * (1 + relative_lift_base)
                    - baseline_annual_units
            else scenario_annual_volume * baseline_rate * relative_lift_base
        end as additional_annual_units_base,
        case
            when lever = 'hours_saved'
                then
                    scenario_annual_volume * baseline_rate * (1 + relative_lift_high)
                    - baseline_annual_units
            else scenario_annual_volume * baseline_rate * relative_lift_high
        end as additional_annual_units_high
    from projected

),

final as (

    select
        scenario_id,
        scenario_name,
        workflow_id,
        workflow_name,
        lever,
        case lever
            when 'hours_saved' then 'hours'
            when 'mql_sql_rate' then 'sqls'
            when 'ctr' then 'clicks'
        end as unit_name,
        baseline_source,
        {{ round_double('baseline_annual_volume', 6) }} as baseline_annual_volume,
        {{ round_double('baseline_rate', 10) }} as baseline_rate,
        {{ round_double('scenario_annual_volume', 6) }} as scenario_annual_volume,
        {{ round_double('unit_value_usd', 6) }} as unit_value_usd,
        {{ round_double('additional_annual_units_low', 6) }}
            as additional_annual_units_low,
        cast(additional_annual_units_low * unit_value_usd as numeric(18, 2))
            as additional_annual_value_usd_low,
        cast(
            additional_annual_units_low * unit_value_usd - additional_investment_usd
            as numeric(18, 2)
        ) as first_year_net_value_usd_low,
        {{ round_double('additional_annual_units_base', 6) }}
            as additional_annual_units_base,
        cast(additional_annual_units_base * unit_value_usd as numeric(18, 2))
            as additional_annual_value_usd_base,
        cast(
            additional_annual_units_base * unit_value_usd - additional_investment_usd
            as numeric(18, 2)
        ) as first_year_net_value_usd_base,
        {{ round_double('additional_annual_units_high', 6) }}
            as additional_annual_units_high,
        cast(additional_annual_units_high * unit_value_usd as numeric(18, 2))
            as additional_annual_value_usd_high,
        cast(
            additional_annual_units_high * unit_value_usd - additional_investment_usd
            as numeric(18, 2)
        ) as first_year_net_value_usd_high,
        cast(additional_investment_usd as numeric(18, 2)) as additional_investment_usd
    from additional_units

)

select * from final
