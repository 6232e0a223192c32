{#- The CFO's multi-year case, year by year: one row per workflow and year of the case (0 = the
    initial investment, 1..horizon). Benefits are the first-year values of fct_workflow_roi by
    method, risk-adjusted per method (seed benefit_risk_adjustments) and ramped by the adoption
    share of the year (seed adoption_ramp, 100% without a row); costs come from
    int_workflow_economics (the figures fct_workflow_roi counts): set-up and training once in
    year 0, licences and review time every year after. Cash of year t is discounted by 1 / (1 + rate)^t (seed finance_settings).
    A workflow without a baseline gets its costs and no benefit (no NPV). -#}

{%- set cases = ['low', 'base', 'high'] %}

with

workflow_roi as (

    select
        workflow_id,
        workflow_name,
        roi_dimension,
        {%- for case in cases %}
        cost_substitution_value_usd_{{ case }},
        incremental_lift_value_usd_{{ case }},
        pre_post_value_usd_{{ case }},
        {%- endfor %}
        has_baseline
    from {{ ref('fct_workflow_roi') }}

),

-- Costs from the one home of the workflow economics (priced at loaded rates there).
workflow_costs as (

    select
        workflow_id,
        setup_cost_usd,
        training_cost_usd,
        licence_cost_usd_per_year,
        review_cost_usd_per_year
    from {{ ref('int_workflow_economics') }}
    where workflow_status = 'live'

),

finance_settings as (

    select
        discount_rate,
        horizon_years
    from {{ ref('finance_settings') }}

),

risk_adjustments as (

    select
        max(case when method = 'cost_substitution' then risk_adjustment_rate end)
            as cost_substitution_risk_adjustment_rate,
        max(case when method = 'incremental_lift' then risk_adjustment_rate end)
            as incremental_lift_risk_adjustment_rate,
        max(case when method = 'pre_post' then risk_adjustment_rate end)
            as pre_post_risk_adjustment_rate
    from {{ ref('benefit_risk_adjustments') }}

),

adoption_ramp as (

    select
        workflow_id,
        year_of_case,
        adoption_share
    from {{ ref('adoption_ramp') }}

),

-- Years 0..10 (the seed rule caps the horizon at 10), trimmed to the horizon below.
year_numbers as (

    select cast(generated_number - 1 as integer) as year_of_case
    from ({{ dbt_utils.generate_series(11) }}) as series

),

case_years as (

    select
        year_numbers.year_of_case,
        finance_settings.discount_rate
    from year_numbers
    cross join finance_settings
    where year_numbers.year_of_case <= finance_settings.horizon_years

),

-- One year's benefit of each workflow at full adoption: the measured value of each method after
-- its risk adjustment; the revenue method is incremental lift when measured, else pre/post (as
-- fct_workflow_roi adds them up). Null without a baseline: unprovable, never valued.
annual_benefits_by_method as (

    select
        {%- for case in cases %}
        case
            when workflow_roi.has_baseline
                then
                    coalesce(
                        {{ risk_adjusted(
                            'workflow_roi.cost_substitution_value_usd_' ~ case,
                            'risk_adjustments.cost_substitution_risk_adjustment_rate'
                        ) }},
                        0
                    )
        end as annual_cost_substitution_benefit_usd_{{ case }},
        case
            when workflow_roi.has_baseline
                then
                    coalesce(
                        {{ risk_adjusted(
                            'workflow_roi.incremental_lift_value_usd_' ~ case,
                            'risk_adjustments.incremental_lift_risk_adjustment_rate'
                        ) }},
                        {{ risk_adjusted(
                            'workflow_roi.pre_post_value_usd_' ~ case,
                            'risk_adjustments.pre_post_risk_adjustment_rate'
                        ) }},
                        0
                    )
        end as annual_revenue_benefit_usd_{{ case }},
        {%- endfor %}
        workflow_roi.*,
        coalesce(workflow_costs.setup_cost_usd, 0) as setup_cost_usd,
        coalesce(workflow_costs.training_cost_usd, 0) as training_cost_usd,
        coalesce(workflow_costs.licence_cost_usd_per_year, 0) as licence_cost_usd_per_year,
        coalesce(workflow_costs.review_cost_usd_per_year, 0) as review_cost_usd_per_year
    from workflow_roi
    cross join risk_adjustments
    left join workflow_costs
        on workflow_roi.workflow_id = workflow_costs.workflow_id

),

annual_benefits_risk_adjusted as (

    select
        {%- for case in cases %}
        annual_cost_substitution_benefit_usd_{{ case }} + annual_revenue_benefit_usd_{{ case }}
            as annual_benefit_risk_adjusted_usd_{{ case }},
        {%- endfor %}
        *
    from annual_benefits_by_method

),

yearly_cash_flows as (

    select
        workflows.workflow_id,
        workflows.workflow_name,
        workflows.roi_dimension,
        workflows.has_baseline,
        case_years.year_of_case,
        case_years.discount_rate,
        {{ discount_factor('case_years.discount_rate', 'case_years.year_of_case') }}
            as discount_factor,
        case
            when case_years.year_of_case = 0 then 0
            else coalesce(adoption_ramp.adoption_share, 1)
        end as adoption_share,
        {%- for case in cases %}
        workflows.annual_benefit_risk_adjusted_usd_{{ case }}
        * case
            when case_years.year_of_case = 0 then 0
            else coalesce(adoption_ramp.adoption_share, 1)
        end as benefit_usd_{{ case }},
        {%- endfor %}
        workflows.annual_cost_substitution_benefit_usd_base
        * case
            when case_years.year_of_case = 0 then 0
            else coalesce(adoption_ramp.adoption_share, 1)
        end as cost_substitution_benefit_usd_base,
        workflows.annual_revenue_benefit_usd_base
        * case
            when case_years.year_of_case = 0 then 0
            else coalesce(adoption_ramp.adoption_share, 1)
        end as revenue_benefit_usd_base,
        case when case_years.year_of_case = 0 then workflows.setup_cost_usd else 0 end
            as setup_cost_usd,
        case when case_years.year_of_case = 0 then workflows.training_cost_usd else 0 end
            as training_cost_usd,
        case
            when case_years.year_of_case = 0
                then workflows.setup_cost_usd + workflows.training_cost_usd
            else 0
        end as one_off_cost_usd,
        case when case_years.year_of_case = 0 then 0 else workflows.licence_cost_usd_per_year end
            as licence_cost_usd,
        case when case_years.year_of_case = 0 then 0 else workflows.review_cost_usd_per_year end
            as review_cost_usd
    from annual_benefits_risk_adjusted as workflows
    cross join case_years
    left join adoption_ramp
        on
            workflows.workflow_id = adoption_ramp.workflow_id
            and case_years.year_of_case = adoption_ramp.year_of_case

),

net_cash_flows as (

    select
        {%- for case in cases %}
        benefit_usd_{{ case }} - (one_off_cost_usd + licence_cost_usd + review_cost_usd)
            as net_cash_flow_usd_{{ case }},
        {%- endfor %}
        one_off_cost_usd + licence_cost_usd + review_cost_usd as cost_usd,
        *
    from yearly_cash_flows

),

cumulated as (

    select
        {%- for case in cases %}
        benefit_usd_{{ case }} * discount_factor as benefit_present_value_usd_{{ case }},
        net_cash_flow_usd_{{ case }} * discount_factor as net_present_value_usd_{{ case }},
        sum(net_cash_flow_usd_{{ case }}) over (
            partition by workflow_id
            order by year_of_case
            rows between unbounded preceding and current row
        ) as cumulative_net_cash_flow_usd_{{ case }},
        sum(net_cash_flow_usd_{{ case }} * discount_factor) over (
            partition by workflow_id
            order by year_of_case
            rows between unbounded preceding and current row
        ) as cumulative_net_present_value_usd_{{ case }},
        {%- endfor %}
        cost_usd * discount_factor as cost_present_value_usd,
        *
    from net_cash_flows

),

final as (

    select
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(workflow_name as {{ dbt.type_string() }}) as workflow_name,
        cast(roi_dimension as {{ dbt.type_string() }}) as roi_dimension,
        cast(year_of_case as integer) as year_of_case,
        has_baseline,
        cast(discount_rate as numeric(8, 4)) as discount_rate,
        cast({{ round_double('discount_factor', 6) }} as numeric(18, 6)) as discount_factor,
        cast(adoption_share as numeric(8, 4)) as adoption_share,
        {%- for case in cases %}
        cast({{ round_double('benefit_usd_' ~ case, 2) }} as numeric(18, 2))
            as benefit_usd_{{ case }},
        {%- endfor %}
        cast({{ round_double('cost_substitution_benefit_usd_base', 2) }} as numeric(18, 2))
            as cost_substitution_benefit_usd_base,
        cast({{ round_double('revenue_benefit_usd_base', 2) }} as numeric(18, 2))
            as revenue_benefit_usd_base,
        cast(setup_cost_usd as numeric(18, 2)) as setup_cost_usd,
        cast(training_cost_usd as numeric(18, 2)) as training_cost_usd,
        cast(one_off_cost_usd as numeric(18, 2)) as one_off_cost_usd,
        cast(licence_cost_usd as numeric(18, 2)) as licence_cost_usd,
        cast(review_cost_usd as numeric(18, 2)) as review_cost_usd,
        cast(cost_usd as numeric(18, 2)) as cost_usd,
        {%- for case in cases %}
        cast({{ round_double('net_cash_flow_usd_' ~ case, 2) }} as numeric(18, 2))
            as net_cash_flow_usd_{{ case }},
        {%- endfor %}
        {%- for case in cases %}
        cast({{ round_double('benefit_present_value_usd_' ~ case, 6) }} as numeric(18, 6))
            as benefit_present_value_usd_{{ case }},
        cast({{ round_double('net_present_value_usd_' ~ case, 6) }} as numeric(18, 6))
            as net_present_value_usd_{{ case }},
        cast({{ round_double('cumulative_net_cash_flow_usd_' ~ case, 2) }} as numeric(18, 2))
            as cumulative_net_cash_flow_usd_{{ case }},
        cast(
            {{ round_double('cumulative_net_present_value_usd_' ~ case, 2) }} as numeric(18, 2)
        ) as cumulative_net_present_value_usd_{{ case }},
        {%- endfor %}
        cast({{ round_double('cost_present_value_usd', 6) }} as numeric(18, 6))
            as cost_present_value_usd
    from cumulated

)

select * from final
