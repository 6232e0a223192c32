{% macro get_powers_of_two(upper_bound) %}
    {{ return(adapter.dispatch('get_powers_of_two', 'dbt_utils')(upper_bound)) }}
{% endmacro %}


{% macro default__get_powers_of_two(upper_bound) %}
    {#- Smallest n >= 1 such that 2 ** n >= upper_bound. -#}
    {%- if upper_bound <= 0 -%}
        {%- do exceptions.raise_compiler_error("upper bound must be positive") -%}
    {%- endif -%}
    {%- set ns = namespace(power=1) -%}
    {%- for _ in range(64) -%}
        {%- if 2 ** ns.power < upper_bound -%}
            {%- set ns.power = ns.power + 1 -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(ns.power) }}
{% endmacro %}


{% macro generate_series(upper_bound) %}
    {{ return(adapter.dispatch('generate_series', 'dbt_utils')(upper_bound)) }}
{% endmacro %}


{% macro default__generate_series(upper_bound) %}
    {#-
        One row per integer 1..upper_bound in column `generated_number`,
        built from a cross join of n two-row tables (binary digits), so it
        needs no recursive CTE and no adapter-specific series function.
    -#}
    {%- set digits = dbt_utils.get_powers_of_two(upper_bound) %}
    with binary_digit as (
        select 0 as bit_value
        union all
        select 1 as bit_value
    ),

    numbered as (
        select
            {%- for i in range(digits) %}
            d{{ i }}.bit_value * {{ 2 ** i }} +
            {%- endfor %}
            1 as generated_number
        from
            {%- for i in range(digits) %}
            binary_digit as d{{ i }}{% if not loop.last %}
            cross join{% endif %}
            {%- endfor %}
    )

    select generated_number
    from numbered
    where generated_number <= {{ upper_bound }}
    order by generated_number
{% endmacro %}
