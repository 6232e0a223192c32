{#- A measured benefit after Finance's haircut for uncertainty: value x (1 - risk_adjustment)
    for a gain; a loss (value below zero) is kept whole, never shrunk by the haircut. -#}
{% macro risk_adjusted(value, risk_adjustment_rate) %}
    (
        case
            when ({{ value }}) > 0 then ({{ value }}) * (1 - ({{ risk_adjustment_rate }}))
            else ({{ value }})
        end
    )
{% endmacro %}
