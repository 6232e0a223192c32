{#- The years of fct_workflow_cash_flows add up to fct_workflow_npv: PV of benefits, PV of costs
    and NPV of every case, to the cent (years carry 6 decimals, the NPV is rounded once), and
    NPV = PV of benefits - PV of costs. A row returned names a workflow whose figures disagree. -#}

with

cash_flows as (

    select
        {%- for case in ['low', 'base', 'high'] %}
        sum(benefit_present_value_usd_{{ case }}) as benefit_present_value_usd_{{ case }},
        sum(net_present_value_usd_{{ case }}) as net_present_value_usd_{{ case }},
        {%- endfor %}
        workflow_id,
        sum(cost_present_value_usd) as cost_present_value_usd
    from {{ ref('fct_workflow_cash_flows') }}
    group by workflow_id

),

npv as (

    select * from {{ ref('fct_workflow_npv') }}

),

disagreements as (

    select npv.workflow_id
    from npv
    left join cash_flows
        on npv.workflow_id = cash_flows.workflow_id
    where
        {%- for case in ['low', 'base', 'high'] %}
        abs(
            cash_flows.benefit_present_value_usd_{{ case }}
            - npv.benefit_present_value_usd_{{ case }}
        ) > 0.005
        or abs(
            cash_flows.net_present_value_usd_{{ case }} - npv.net_present_value_usd_{{ case }}
        ) > 0.005
        or abs(
            npv.benefit_present_value_usd_{{ case }} - npv.cost_present_value_usd
            - npv.net_present_value_usd_{{ case }}
        ) > 0.011
        or
        {%- endfor %}
        cash_flows.workflow_id is null
        or abs(cash_flows.cost_present_value_usd - npv.cost_present_value_usd) > 0.005

)

select * from disagreements
