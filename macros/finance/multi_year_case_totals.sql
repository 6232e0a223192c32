{#- The select list that adds a multi-year case up from its yearly rows (fct_workflow_cash_flows'
    columns, one row per year of the case): per case (low / base / high) the PV of benefits, the
    NPV and the payback month (the first year in which the cumulative net cash flow turns
    positive, payback_months_in_year), and the PV of costs. The one home of that aggregation:
    fct_workflow_npv adds up each workflow's years, fct_roi_summary the provable portfolio's
    (its years added up over workflows first). Use with a `group by` of the caller's grain. -#}
{% macro multi_year_case_totals(cases=['low', 'base', 'high']) %}
    {%- for case in cases %}
    sum(benefit_present_value_usd_{{ case }}) as benefit_present_value_usd_{{ case }},
    sum(net_present_value_usd_{{ case }}) as net_present_value_usd_{{ case }},
    min(
        {{ payback_months_in_year(
            'cumulative_net_cash_flow_usd_' ~ case ~ ' - net_cash_flow_usd_' ~ case,
            'net_cash_flow_usd_' ~ case,
            'year_of_case'
        ) }}
    ) as payback_months_{{ case }},
    {%- endfor %}
    sum(cost_present_value_usd) as cost_present_value_usd
{%- endmacro %}
