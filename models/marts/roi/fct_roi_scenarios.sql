{#- What would more AI deliver? One row per scenario (seed roi_scenarios): the additional annual
    value of the scenario's lift, adoption and frequency growth over today's baseline, as a
    low / base / high range from the seed's lift levels, valued at the agreed unit values. The
    hours-saved lever takes today's hours saved per run and the owner's rate from the
    workflow-economics spine; review time is a cost of the additional runs, as everywhere. -#}

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

economics as (

    select
        workflow_id,
        workflow_name,
        runs_per_year,
        owner_loaded_hourly_rate_usd,
        hours_saved_per_task_base,
        review_cost_usd_per_run
    from {{ ref('int_workflow_economics') }}
    where workflow_status = 'live'

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
        economics.workflow_name,
        scenarios.lever,
        scenarios.relative_lift_low,
        scenarios.relative_lift_base,
        scenarios.relative_lift_high,
        scenarios.adoption_rate,
        scenarios.frequency_growth,
        scenarios.additional_investment_usd,
        case
            when scenarios.baseline_annual_volume is not null then 'seed'
            when economics.hours_saved_per_task_base is not null then 'measured'
            else 'missing'
        end as baseline_source,
        coalesce(scenarios.baseline_annual_volume, economics.runs_per_year)
            as baseline_annual_volume,
        coalesce(scenarios.baseline_rate, economics.hours_saved_per_task_base) as baseline_rate,
        case scenarios.lever
            when 'hours_saved' then economics.owner_loaded_hourly_rate_usd
            when 'mql_sql_rate' then sql_value.value_usd
            when 'ctr' then click_value.value_usd
        end as unit_value_usd,
        case
            when scenarios.lever = 'hours_saved'
                then coalesce(economics.review_cost_usd_per_run, 0)
            else 0
        end as review_cost_usd_per_run
    from scenarios
    inner join economics
        on scenarios.workflow_id = economics.workflow_id
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
    -- hours_saved: the scenario's hours saved (volume x hours x (1 + lift)) minus today's; the
    -- additional runs each bring their review time, a cost.
    select
        *,
        {%- for case in ['low', 'base', 'high'] %}
        case
            when lever = 'hours_saved'
                then
                    scenario_annual_volume * baseline_rate * (1 + relative_lift_{{ case }})
                    - baseline_annual_units
            else scenario_annual_volume * baseline_rate * relative_lift_{{ case }}
        end as additional_annual_units_{{ case }}_by_lift,
        {%- endfor %}
        (scenario_annual_volume - baseline_annual_volume) * review_cost_usd_per_run
            as additional_review_cost_usd_per_year
    from projected

),

ordered_units as (

    -- A range runs from the worst outcome to the best. When AI is slower today (negative hours
    -- saved a run), a bigger lift on that loss is the worse outcome: the high lift gives the
    -- low end. The base lift is always between the two.
    select
        *,
        least(additional_annual_units_low_by_lift, additional_annual_units_high_by_lift)
            as additional_annual_units_low,
        additional_annual_units_base_by_lift as additional_annual_units_base,
        greatest(additional_annual_units_low_by_lift, additional_annual_units_high_by_lift)
            as additional_annual_units_high
    from additional_units

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
        {{ range_columns('additional_annual_units_{case}', 'additional_annual_units', places=6) }},
        {{ range_columns(
            'additional_annual_units_{case} * unit_value_usd', 'additional_annual_value_usd'
        ) }},
        cast(additional_review_cost_usd_per_year as numeric(18, 2))
            as additional_review_cost_usd_per_year,
        {{ range_columns(
            'additional_annual_units_{case} * unit_value_usd - additional_investment_usd'
            ~ ' - additional_review_cost_usd_per_year',
            'first_year_net_value_usd'
        ) }},
        cast(additional_investment_usd as numeric(18, 2)) as additional_investment_usd
    from ordered_units

)

select * from final
