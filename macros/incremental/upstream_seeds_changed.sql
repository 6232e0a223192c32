{#- True on an incremental run when the model's stored rows were built with other seed contents
    (or vars) than upstream_seeds_fingerprint() gives now: some stored row carries another
    `upstream_seeds_fingerprint`, or the table predates that column. The model then reads every
    raw row again (loaded_within_lookback renders no filter), so a RevOps edit of a seed takes
    effect on the next plain `dbt build`, exactly as a full refresh would. False on a full build,
    while dbt parses and in unit tests (their `this` is a fixture, not a built table). -#}
{% macro upstream_seeds_changed() %}
    {%- if not execute or not is_incremental() or model.resource_type == 'unit_test' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name')
        | map('lower') | list -%}
    {%- if 'upstream_seeds_fingerprint' not in built_columns -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set current = upstream_seeds_fingerprint() -%}
    {%- set stale = run_query(
        'select count(*) from ' ~ this ~ ' where upstream_seeds_fingerprint is null'
        ~ ' or upstream_seeds_fingerprint <> ' ~ current
    ).columns[0].values()[0] -%}
    {{ return(stale | int > 0) }}
{% endmacro %}
