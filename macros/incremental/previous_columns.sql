{#- The columns of the incremental model as it was last built, minus `except` (columns the model
    computes again), comma-joined in table order: the shape in which earlier rows are read back
    and unioned with newly loaded ones. Only meaningful inside `is_incremental()`. -#}
{% macro previous_columns(except=[]) %}
    {%- set excluded = except | map('lower') | list -%}
    {%- set names = [] -%}
    {%- for column in adapter.get_columns_in_relation(this) -%}
        {%- if column.name | lower not in excluded -%}
            {%- do names.append(column.name | lower) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(names | join(', ')) }}
{% endmacro %}
