{#- Delta-method variance of the relative lift pT / pC - 1 of two proportions (rate p over n
    units in the treatment T and control C arms):
        Var(pT / pC) = pC (1 - pC) pT^2 / (pC^4 nC) + pT (1 - pT) / (pC^2 nT)
    Null when pC is not positive or an arm has no units. -#}
{% macro relative_lift_variance(treatment_rate, treatment_units, control_rate, control_units) %}
    (case
        when ({{ control_rate }}) > 0 and ({{ treatment_units }}) > 0 and ({{ control_units }}) > 0
            then
                ({{ control_rate }}) * (1 - ({{ control_rate }}))
                * ({{ treatment_rate }}) * ({{ treatment_rate }})
                / (
                    ({{ control_rate }}) * ({{ control_rate }}) * ({{ control_rate }})
                    * ({{ control_rate }}) * ({{ control_units }})
                )
                + ({{ treatment_rate }}) * (1 - ({{ treatment_rate }}))
                / (({{ control_rate }}) * ({{ control_rate }}) * ({{ treatment_units }}))
    end)
{% endmacro %}
