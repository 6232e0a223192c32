{#- dbt's should_full_refresh() (config `full_refresh`, else the --full-refresh flag), overridden
    in the project so that an incremental model whose stored rows were computed with other values
    of the vars it lists in `config.meta.full_refresh_when_vars_change` is built as on
    --full-refresh: is_incremental() is false while it compiles and the materialization replaces
    the table. The next plain `dbt build` after a var edit thus equals a full refresh, for the
    models whose incremental path cannot simply read every raw row again (the time-tracking
    model carries export periods of earlier rows; see vars_changed_since_last_build). Every
    other node keeps dbt's answer. -#}
{% macro should_full_refresh() %}
    {%- set config_full_refresh = config.get('full_refresh') -%}
    {%- if config_full_refresh is none -%}
        {%- set config_full_refresh = flags.FULL_REFRESH -%}
    {%- endif -%}
    {%- if not config_full_refresh and vars_changed_since_last_build() -%}
        {%- set config_full_refresh = true -%}
    {%- endif -%}
    {%- do return(config_full_refresh) -%}
{% endmacro %}
