{#- Step "delivery ranking" of base_time_tracking__entries_validated, a select statement for a
    CTE: the usable rows of `entries` (invalid_reason null) with `delivery_rank` (1 = the
    delivery of the time entry that wins, order_latest_delivery_first) and
    `kept_duration_hours` (the winning row's duration). Re-exported files repeat rows; a
    corrected re-delivery changes them. A row ranked below 1 is quarantined `duplicate_row` when
    its duration equals the kept one, else `superseded_by_later_delivery`. -#}
{% macro rank_time_entry_deliveries(entries) %}
    select
        *,
        row_number() over (
            partition by time_entry_id
            order by {{ order_latest_delivery_first() }}
        ) as delivery_rank,
        first_value(duration_hours) over (
            partition by time_entry_id
            order by {{ order_latest_delivery_first() }}
        ) as kept_duration_hours
    from {{ entries }}
    where invalid_reason is null
{% endmacro %}
