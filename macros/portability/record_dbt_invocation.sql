{#- PostgreSQL write-audit-publish (python_helpers/warehouse/): every `dbt build` and `dbt run`
    records its invocation id in raw_meta.dbt_invocations when it starts (on-run-start) and when
    it ends (on-run-end). `roi publish` publishes only when the newest invocation there is the
    checked build of run_results.json and it finished: a build killed midway (started, never
    finished) or a later run is refused. Renders nothing on other warehouses or commands. -#}
{% macro record_dbt_invocation(stage) %}
    {{ return(adapter.dispatch('record_dbt_invocation', 'ai_marketing_roi')(stage)) }}
{% endmacro %}

{% macro default__record_dbt_invocation(stage) %}{% endmacro %}

{% macro postgres__record_dbt_invocation(stage) %}
    {%- if execute and flags.WHICH in ('build', 'run') -%}
        {%- if stage == 'started' %}
    create schema if not exists raw_meta;
    create table if not exists raw_meta.dbt_invocations (
        invocation_id text primary key,
        command text not null,
        started_at timestamptz not null,
        finished_at timestamptz
    );
    insert into raw_meta.dbt_invocations (invocation_id, command, started_at)
    values ('{{ invocation_id }}', '{{ flags.WHICH }}', clock_timestamp());
        {%- else %}
    update raw_meta.dbt_invocations set finished_at = clock_timestamp()
    where invocation_id = '{{ invocation_id }}';
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
