{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
    {{ return(adapter.dispatch('test_accepted_range', 'dbt_utils')(model, column_name, min_value, max_value, inclusive)) }}
{% endtest %}


{% macro default__test_accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
    {#- Failing rows: values outside [min_value, max_value] (or the open interval when inclusive is false). Nulls pass. -#}
    {%- set lower_op = '>=' if inclusive else '>' -%}
    {%- set upper_op = '<=' if inclusive else '<' -%}

    with candidate_rows as (
        select *
        from {{ model }}
    )

    select *
    from candidate_rows
    where
        1 = 2
        {%- if min_value is not none %}
        or not ({{ column_name }} {{ lower_op }} {{ min_value }})
        {%- endif %}
        {%- if max_value is not none %}
        or not ({{ column_name }} {{ upper_op }} {{ max_value }})
        {%- endif %}
{% endmacro %}
