{#- Step "deletions" of base_time_tracking__entries_validated, a select statement for a CTE:
    the lineage (file_checksum, source_system, source_row_number) of every winning row of
    `ranked` (rank_time_entry_deliveries) that was deleted at the source, quarantined
    `deleted_in_later_export`.

    An entry is deleted when the latest later export (file name, then load time) of the same
    system whose period for the person (bound_export_periods) contains the entry's date does not
    hold the entry in any form, usable or not. `candidates` holds every row the export periods
    and the later exports' contents are read from; `previous_periods` (incremental runs only)
    adds the periods of files built before. -#}
{% macro find_entries_deleted_in_later_export(ranked, candidates, previous_periods=none) %}
    select
        later_covering_exports.file_checksum,
        later_covering_exports.source_system,
        later_covering_exports.source_row_number
    from (
        select
            {{ ranked }}.file_checksum,
            {{ ranked }}.source_system,
            {{ ranked }}.source_row_number,
            {{ ranked }}.time_entry_id,
            export_periods.file_checksum as covering_file_checksum,
            row_number() over (
                partition by
                    {{ ranked }}.file_checksum,
                    {{ ranked }}.source_system,
                    {{ ranked }}.source_row_number
                order by export_periods.source_file desc, export_periods.loaded_at desc
            ) as covering_rank
        from {{ ranked }}
        inner join (
            {#- One row per file and person: the dates that file covers for that person. #}
            select distinct
                source_system,
                person_id,
                source_file,
                loaded_at,
                file_checksum,
                export_period_start,
                export_period_end
            from {{ candidates }}
            where person_id is not null and export_period_start is not null
            {%- if previous_periods %}
            union
            select * from {{ previous_periods }}
            {%- endif %}
        ) as export_periods
            on
                {{ ranked }}.source_system = export_periods.source_system
                and {{ ranked }}.person_id = export_periods.person_id
                and {{ ranked }}.entry_date
                between export_periods.export_period_start and export_periods.export_period_end
                and (
                    {{ ranked }}.source_file < export_periods.source_file
                    or (
                        {{ ranked }}.source_file = export_periods.source_file
                        and {{ ranked }}.loaded_at < export_periods.loaded_at
                    )
                )
        where {{ ranked }}.delivery_rank = 1
    ) as later_covering_exports
    where
        later_covering_exports.covering_rank = 1
        and not exists (
            select 1
            from {{ candidates }}
            where
                {{ candidates }}.file_checksum = later_covering_exports.covering_file_checksum
                and {{ candidates }}.time_entry_id = later_covering_exports.time_entry_id
        )
{% endmacro %}
