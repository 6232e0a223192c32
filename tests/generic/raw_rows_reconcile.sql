{#-
    Nothing silently lost: every raw row of every source table upstream of a quarantine model is
    in exactly one of the clean model or the quarantine model (duplicates and superseded rows are
    quarantined with a reason, never dropped). Attach it to the quarantine model:

        - name: stg_time_tracking__time_entries__quarantined
          data_tests:
            - raw_rows_reconcile:
                arguments:
                  clean_model: ref('stg_time_tracking__time_entries')

    The raw tables are found from dbt's graph (every source the quarantine model descends from,
    except ledger sources marked `meta: {roi_ledger: true}` such as raw_meta.file_loads),
    so a new vendor shape is covered the day its base model is unioned in. `raw_tables` (a list of
    source() relations) overrides the lookup when a staging model reads other source tables too.
    Rows are matched on (file, row number) and reported per file: one failing row per source file
    that is out of balance, with its raw, clean and quarantined row counts (`failures_only=false`
    returns every file, as the analysis raw_rows_reconciliation does).

    `loaded_at_column` (optional; the clean and quarantine models' copy of the raw `_loaded_at`)
    lets a nightly run check only recent loads: with the environment variable
    ROI_DATA_TESTS_RECENT_LOADS_ONLY=true (or the var roi_data_tests_recent_loads_only true),
    only raw rows loaded within roi_incremental_lookback_days of the latest raw load (and the
    clean and quarantined rows of those loads) are reconciled. Both are off by default, and a
    `--full-refresh` ignores them, so `dbt build`, CI and full refreshes reconcile every row. The environment variable is read when
    the test runs, so switching it does not make dbt parse the whole project again (a changed
    --vars does).
-#}
{% test raw_rows_reconcile(
    model,
    clean_model,
    file_column='source_file',
    row_column='source_row_number',
    raw_tables=none,
    failures_only=true,
    loaded_at_column=none
) %}
    {%- set tables = raw_tables if raw_tables is not none else [] -%}
    {%- if execute and raw_tables is none -%}
        {%- set ns = namespace(node_id=none) -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model'
                and node.alias | lower == model.identifier | lower
                and node.schema | lower == model.schema | lower -%}
                {%- set ns.node_id = node.unique_id -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set frontier = [ns.node_id] -%}
        {%- set seen = [] -%}
        {#- The list grows while the loop walks it: a breadth-first walk up the DAG. -#}
        {%- for unique_id in frontier if unique_id is not none and unique_id not in seen -%}
            {%- do seen.append(unique_id) -%}
            {%- if unique_id in graph.sources -%}
                {#- Ledger sources (raw_meta.file_loads: formats per file) hold no raw rows. -#}
                {%- if not graph.sources[unique_id].source_meta.get('roi_ledger', false) -%}
                    {%- do tables.append(graph.sources[unique_id].relation_name) -%}
                {%- endif -%}
            {%- elif unique_id in graph.nodes -%}
                {%- do frontier.extend(graph.nodes[unique_id].depends_on.nodes) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}

    {#- One pass: every raw, clean and quarantined row tagged with its side, counted per (file,
        row) by a single aggregation (no union of keys and no joins: at 11 M rows this takes a
        fraction of the time and memory), then summed per file. -#}
    {%- set recent_only = loaded_at_column is not none and tables | length > 0
        and not flags.FULL_REFRESH
        and (
            var('roi_data_tests_recent_loads_only', false)
            or env_var('ROI_DATA_TESTS_RECENT_LOADS_ONLY', 'false') | lower == 'true'
        ) %}
    with

    {% if recent_only -%}
    recent as (

        select
            {{ dbt.dateadd(
                'day', -1 * (var('roi_incremental_lookback_days') | int), 'max(loaded_at)'
            ) }} as loaded_since
        from (
            {% for table in tables | sort -%}
            select max(_loaded_at) as loaded_at from {{ table }}
            {% if not loop.last %}union all{% endif %}
            {% endfor -%}
        ) as latest_loads

    ),

    {% endif -%}
    tagged_rows as (

        {% for table in tables | sort -%}
        select
            cast(_source_file as {{ dbt.type_string() }}) as source_file,
            cast(_row_number as {{ dbt.type_bigint() }}) as row_number,
            'raw' as side
        from {{ table }}
        {% if recent_only -%}
        where _loaded_at >= (select loaded_since from recent)
        {% endif -%}
        union all
        {% endfor -%}
        select
            cast({{ file_column }} as {{ dbt.type_string() }}) as source_file,
            cast({{ row_column }} as {{ dbt.type_bigint() }}) as row_number,
            'clean' as side
        from {{ clean_model }}
        {% if recent_only -%}
        where {{ loaded_at_column }} >= (select loaded_since from recent)
        {% endif -%}
        union all
        select
            cast({{ file_column }} as {{ dbt.type_string() }}) as source_file,
            cast({{ row_column }} as {{ dbt.type_bigint() }}) as row_number,
            'quarantined' as side
        from {{ model }}
        {% if recent_only -%}
        where {{ loaded_at_column }} >= (select loaded_since from recent)
        {% endif %}
    ),

    per_row as (

        select
            source_file,
            row_number,
            count(case when side = 'raw' then 1 end) as count_raw,
            count(case when side = 'clean' then 1 end) as count_clean,
            count(case when side = 'quarantined' then 1 end) as count_quarantined
        from tagged_rows
        group by source_file, row_number

    ),

    per_file as (

        select
            source_file,
            sum(count_raw) as count_raw_rows,
            sum(count_clean) as count_clean_rows,
            sum(count_quarantined) as count_quarantined_rows,
            sum(
                case when count_raw <> count_clean + count_quarantined then 1 else 0 end
            ) as count_rows_out_of_balance
        from per_row
        group by source_file

    )

    select * from per_file
    {% if failures_only %}where count_rows_out_of_balance > 0{% endif %}
{% endtest %}
