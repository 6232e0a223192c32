{#- Step "deletions" of base_time_tracking__entries_validated, a select statement for a CTE:
    the lineage (file_checksum, source_system, source_row_number) of every winning row of
    `ranked` (rank_time_entry_deliveries) that was deleted at the source, quarantined
    `deleted_in_later_export`.

    An entry is deleted when the latest later export (file name, then load time) of the same
    system whose period for the person (bound_export_periods) contains the entry's date does not
    hold the entry in any form, usable or not. `candidates` holds every row the export periods
    and the later exports' contents are read from; `previous_periods` (incremental runs only)
    adds the periods of files built before.

    Cost: the latest later export covering a date is the latest export covering it at all,
    when that one is later than the entry's own delivery (when it is not, no covering export
    is). So the latest covering export is found once per person-day (latest_covering_exports),
    not once per entry among every later export: rows of one file can carry many load times
    (each a later export of the file's own period), and joining each entry to all of them grew
    with rows x load times per person. Load times of the same file and period are one export
    here, its latest load time: only the latest can be the latest covering export. Ties (two
    files of one name and load time) go to the file checksum sorting last. -#}
{% macro find_entries_deleted_in_later_export(ranked, candidates, previous_periods=none) %}
    select
        winning_rows.file_checksum,
        winning_rows.source_system,
        winning_rows.source_row_number
    from {{ ranked }} as winning_rows
    inner join (
        select
            covered_days.source_system,
            covered_days.person_id,
            covered_days.entry_date,
            export_periods.source_file,
            export_periods.loaded_at,
            export_periods.file_checksum,
            row_number() over (
                partition by
                    covered_days.source_system,
                    covered_days.person_id,
                    covered_days.entry_date
                order by
                    export_periods.source_file desc,
                    export_periods.loaded_at desc,
                    export_periods.file_checksum desc
            ) as covering_rank
        from (
            select distinct
                source_system,
                person_id,
                entry_date
            from {{ ranked }}
            where delivery_rank = 1
        ) as covered_days
        inner join (
            {#- One row per file, person and period: the dates that file covers for that
                person, with the file's latest load time. #}
            select
                source_system,
                person_id,
                source_file,
                file_checksum,
                export_period_start,
                export_period_end,
                max(loaded_at) as loaded_at
            from (
                select
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
                union all
                select * from {{ previous_periods }}
                {%- endif %}
            ) as file_periods
            group by
                source_system,
                person_id,
                source_file,
                file_checksum,
                export_period_start,
                export_period_end
        ) as export_periods
            on
                covered_days.source_system = export_periods.source_system
                and covered_days.person_id = export_periods.person_id
                and covered_days.entry_date
                between export_periods.export_period_start and export_periods.export_period_end
    ) as latest_covering_exports
        on
            winning_rows.source_system = latest_covering_exports.source_system
            and winning_rows.person_id = latest_covering_exports.person_id
            and winning_rows.entry_date = latest_covering_exports.entry_date
            and latest_covering_exports.covering_rank = 1
            and (
                winning_rows.source_file < latest_covering_exports.source_file
                or (
                    winning_rows.source_file = latest_covering_exports.source_file
                    and winning_rows.loaded_at < latest_covering_exports.loaded_at
                )
            )
    where
        winning_rows.delivery_rank = 1
        and not exists (
            select 1
            from {{ candidates }}
            where
                {{ candidates }}.file_checksum = latest_covering_exports.file_checksum
                and {{ candidates }}.time_entry_id = winning_rows.time_entry_id
        )
{% endmacro %}
