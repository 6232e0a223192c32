{#- Payback in months if it happens in year `year` (1..horizon), else null. Cash is undiscounted
    and spread evenly over the year's 12 months: with `cumulative_before` the cumulative net cash
    flow at the start of the year (year 0's one-off costs included) and `net_cash_flow` the
    year's net cash flow, payback falls at 12 (year - 1) + 12 x -cumulative_before /
    net_cash_flow. The first year where this is not null is the payback (take the min over the
    years). Example: -$30,000 after year 0, $60,000 net in year 1: 6.0 months. -#}
{% macro payback_months_in_year(cumulative_before, net_cash_flow, year) %}
    {#- Each argument is wrapped in brackets: `a - b` passed as cumulative_before must stay one
        term under the minus sign. #}
    (
        case
            when
                ({{ year }}) >= 1
                and ({{ cumulative_before }}) <= 0
                and ({{ net_cash_flow }}) > 0
                and ({{ cumulative_before }}) + ({{ net_cash_flow }}) >= 0
                then
                    12 * (({{ year }}) - 1)
                    + 12 * (-1 * ({{ cumulative_before }})) / ({{ net_cash_flow }})
        end
    )
{% endmacro %}
