{#- The valid email-event rows that a later delivery of the same event replaces: re-exported
    files repeat events. Within an event id the row of the file whose name sorts last wins
    (vendors put the export date in the name), then the later load, then the later row, so the
    outcome does not depend on the order files were loaded in. Every other valid row of that id
    is here, with its rank (2 = the runner-up); the quarantine calls it `duplicate_event`.

    Only ids carried by more than one valid row can have a duplicate: a group-by finds them and
    only their rows are ranked, so no window function sorts the millions of events that occur
    once.

    Incremental, keyed by event id: a nightly run takes the ids of every row (valid or not)
    loaded within roi_incremental_lookback_days of the latest load recorded here
    (`last_loaded_at`, the latest load among an id's rows), ranks every valid row of those ids
    again, and replaces their rows. An id recorded here that no longer has a superseded row (its
    rows were typed again, e.g. after a seed edit, and fewer than two are valid) is written as a
    placeholder without lineage, so delete+insert removes its old rows; the post-hook then
    deletes the placeholder. A night that brings no duplicate records nothing, so the next run
    looks further back: it reads more rows, never too few. After a seed edit that changes which
    rows are valid (upstream_seeds_changed) every id counts as delivered. (Spark builds every
    delete+insert model whole: no placeholders and no hook there.) -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='email_event_id',
    on_schema_change='append_new_columns',
    post_hook=delete_placeholder_rows('delivery_rank is null'),
) }}
{%- set read_everything = upstream_seeds_changed() %}

with

typed as (

    select
        email_event_id,
        source_system,
        file_checksum,
        source_row_number,
        source_file,
        loaded_at,
        invalid_reason
    from {{ ref('base_email_platform__events_typed') }}

),

valid_rows as (

    select * from typed
    where invalid_reason is null

),

{%- if is_incremental() %}

delivered_ids as (

    select distinct email_event_id from typed
    {{- loaded_within_lookback(this_column='last_loaded_at', read_everything=read_everything) }}

),
{%- endif %}

repeated_ids as (

    select
        email_event_id,
        max(loaded_at) as last_loaded_at
    from valid_rows
    {%- if is_incremental() %}
    where email_event_id in (select delivered_ids.email_event_id from delivered_ids)
    {%- endif %}
    group by email_event_id
    having count(*) > 1

),

ranked as (

    select
        valid_rows.email_event_id,
        valid_rows.source_system,
        valid_rows.file_checksum,
        valid_rows.source_row_number,
        repeated_ids.last_loaded_at,
        row_number() over (
            partition by valid_rows.email_event_id
            order by {{ order_latest_delivery_first('valid_rows') }}
        ) as delivery_rank
    from valid_rows
    inner join repeated_ids
        on valid_rows.email_event_id = repeated_ids.email_event_id

),

superseded as (

    select
        email_event_id,
        source_system,
        file_checksum,
        source_row_number,
        delivery_rank,
        last_loaded_at,
        {{ upstream_seeds_fingerprint() }} as upstream_seeds_fingerprint
    from ranked
    where delivery_rank > 1

),

{%- if is_incremental() %}

{# Ids recorded earlier that the delivered rows leave with no superseded row. #}
no_longer_superseded as (

    select distinct previous.email_event_id
    from {{ this }} as previous
    where
        previous.email_event_id in (select delivered_ids.email_event_id from delivered_ids)
        and previous.email_event_id not in (select superseded.email_event_id from superseded)

),
{%- endif %}

final as (

    select * from superseded
    {%- if is_incremental() %}
    union all
    select
        email_event_id,
        cast(null as {{ dbt.type_string() }}) as source_system,
        cast(null as {{ dbt.type_string() }}) as file_checksum,
        cast(null as {{ dbt.type_bigint() }}) as source_row_number,
        cast(null as {{ dbt.type_bigint() }}) as delivery_rank,
        cast(null as {{ dbt.type_timestamp() }}) as last_loaded_at,
        {{ upstream_seeds_fingerprint() }} as upstream_seeds_fingerprint
    from no_longer_superseded
    {%- endif %}

)

select * from final
