{#-
    Nothing silently lost: every raw row of every source table upstream of a quarantine model is
    in exactly one of the clean model or the quarantine model (duplicates and superseded rows are
    quarantined with a reason, never dropped). Attach it to the quarantine model:

        - name: stg_time_tracking__time_entries__quarantined
          data_tests:
            - raw_rows_reconcile:
                arguments:
                  clean_model: ref('stg_time_tracking__time_entries')

    The raw tables are found from dbt's graph (every source the quarantine model descends from),
    so a new vendor shape is covered the day its base model is unioned in. `raw_tables` (a list of
    source() relations) overrides the lookup when a staging model reads other source tables too.
    Rows are matched on (file, row number) and reported per file: one failing row per source file
    that is out of balance, with its raw, clean and quarantined row counts (`failures_only=false`
    returns every file, as the analysis raw_rows_reconciliation does).
-#}
{% test raw_rows_reconcile(
    model,
    clean_model,
    file_column='source_file',
    row_column='source_row_number',
    raw_tables=none,
    failures_only=true
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
                {%- do tables.append(graph.sources[unique_id].relation_name) -%}
            {%- elif unique_id in graph.nodes -%}
                {%- do frontier.extend(graph.nodes[unique_id].depends_on.nodes) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}

    with

    {% if tables | length > 0 -%}
    raw_rows as (

        {% for table in tables | sort -%}
        select
            cast(_source_file as {{ dbt.type_string() }}) as source_file,
            cast(_row_number as {{ dbt.type_bigint() }}) as row_number
        from {{ table }}
        {% if not loop.last %}union all{% endif %}
        {% endfor %}

    ),
    {%- else -%}
    raw_rows as (

        select
            cast(null as {{ dbt.type_string() }}) as source_file,
            cast(null as {{ dbt.type_bigint() }}) as row_number
        where 1 = 0

    ),
    {%- endif %}

    raw_counts as (

        select
            source_file,
            row_number,
            count(*) as count_raw
        from raw_rows
        group by source_file, row_number

    ),

    clean_counts as (

        select
            cast({{ file_column }} as {{ dbt.type_string() }}) as source_file,
            cast({{ row_column }} as {{ dbt.type_bigint() }}) as row_number,
            count(*) as count_clean
        from {{ clean_model }}
        group by 1, 2

    ),

    quarantined_counts as (

        select
            cast({{ file_column }} as {{ dbt.type_string() }}) as source_file,
            cast({{ row_column }} as {{ dbt.type_bigint() }}) as row_number,
            count(*) as count_quarantined
        from {{ model }}
        group by 1, 2

    ),

    row_keys as (

        select source_file, row_number from raw_counts
        union
        select source_file, row_number from clean_counts
        union
        select source_file, row_number from quarantined_counts

    ),

    balanced as (

        select
            row_keys.source_file,
            coalesce(raw_counts.count_raw, 0) as count_raw,
            coalesce(clean_counts.count_clean, 0) as count_clean,
            coalesce(quarantined_counts.count_quarantined, 0) as count_quarantined
        from row_keys
        left join raw_counts
            on
                row_keys.source_file = raw_counts.source_file
                and row_keys.row_number = raw_counts.row_number
        left join clean_counts
            on
                row_keys.source_file = clean_counts.source_file
                and row_keys.row_number = clean_counts.row_number
        left join quarantined_counts
            on
                row_keys.source_file = quarantined_counts.source_file
                and row_keys.row_number = quarantined_counts.row_number

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
        from balanced
        group by source_file

    )

    select * from per_file
    {% if failures_only %}where count_rows_out_of_balance > 0{% endif %}
{% endtest %}
