{#- The quarantine reason of a CRM row when the latest export wins: the row's own reason when it
    has one; else 'superseded_by_later_export' when a later export holds a usable row with the
    same key (the file whose name sorts last wins, then the later load, then the later row);
    else null (the row is clean). Only usable rows compete, so a broken re-export never hides
    the earlier good row. Needs the lineage columns source_file, loaded_at and
    source_row_number on the rows. -#}
{% macro quarantine_superseded_exports(entity_key, invalid_reason='invalid_reason') %}
    case
        when {{ invalid_reason }} is not null then {{ invalid_reason }}
        when
            row_number() over (
                partition by {{ entity_key }}, {{ invalid_reason }} is null
                order by {{ order_latest_delivery_first() }}
            ) > 1
            then 'superseded_by_later_export'
    end
{% endmacro %}
