{#- Today's value of `amount` received (or paid) in year `year`, discounted at `rate`. -#}
{% macro present_value(amount, rate, year) %}
    (({{ amount }}) * {{ discount_factor(rate, year) }})
{% endmacro %}
