{#- The sum of a double-valued expression as fixed point (numeric(38, `places`)): each row is
    rounded to `places` decimals, then added exactly. A sum of doubles depends on the order rows
    are added in, which parallel plans change from run to run; a total lying close to half a cent
    then rounds either way when it is cast to cents. Fixed point makes the total the same on
    every run and every warehouse. -#}
{% macro sum_fixed_point(expression, places=6) %}
    sum(cast({{ expression }} as numeric(38, {{ places }})))
{% endmacro %}
