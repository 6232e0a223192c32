{% test recency(model, field, datepart, interval, ignore_time_component=False, group_by_columns=[]) %}
    {{ return(adapter.dispatch('test_recency', 'dbt_utils')(model, field, datepart, interval, ignore_time_component, group_by_columns)) }}
{% endtest %}


{% macro default__test_recency(model, field, datepart, interval, ignore_time_component, group_by_columns) %}
    {#-
        Failing rows: one per group (or one overall) whose most recent `field`
        is older than now minus `interval` `datepart`s. With
        ignore_time_component both sides are compared as dates.
    -#}
    {%- set compare_type = 'date' if ignore_time_component else dbt.type_timestamp() -%}
    {%- set threshold = 'cast(' ~ dbt.dateadd(datepart, interval * -1, dbt.current_timestamp()) ~ ' as ' ~ compare_type ~ ')' -%}
    {%- set select_gb_cols = (group_by_columns | join(', ') ~ ',') if group_by_columns | length > 0 else '' -%}
    {%- set groupby_gb_cols = ('group by ' ~ group_by_columns | join(', ')) if group_by_columns | length > 0 else '' %}

    with recency as (
        select
            {{ select_gb_cols }}
            {%- if ignore_time_component %}
            cast(max({{ field }}) as date) as most_recent
            {%- else %}
            max({{ field }}) as most_recent
            {%- endif %}
        from {{ model }}
        {{ groupby_gb_cols }}
    )

    select
        {{ select_gb_cols }}
        most_recent,
        {{ threshold }} as threshold
    from recency
    where most_recent < {{ threshold }}
{% endmacro %}
