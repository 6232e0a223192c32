{#- Every email event row of every vendor in one shape, typed by the seed email_event_types,
    tied to its A/B test (seed ab_tests) and arm, with the reason it cannot be used (null when it
    can). The clean and the quarantine models both read this one model, so each raw row lands in
    exactly one of them.

    Incremental (one row per raw row, keyed by its lineage): a nightly run reads only raw rows
    loaded within roi_incremental_lookback_days of the latest load it has seen, and ranks every
    event id they carry again together with the earlier rows of those ids. Editing the seeds
    email_event_types or ab_tests, or roi_machine_open_user_agents, changes earlier rows too:
    rebuild with `dbt build --full-refresh --select base_email_platform__events_validated+`. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source_system', 'file_checksum', 'source_row_number'],
    on_schema_change='fail',
) }}
{%- set machine_agents = var('roi_machine_open_user_agents') -%}

with

marketo as (

    select * from {{ ref('base_email_platform__marketo_events') }}
    {{- loaded_within_lookback() }}

),

hubspot as (

    select * from {{ ref('base_email_platform__hubspot_events') }}
    {{- loaded_within_lookback() }}

),

canonical as (

    select * from {{ ref('base_email_platform__canonical_events') }}
    {{- loaded_within_lookback() }}

),

event_types as (

    select
        source_system,
        lower(trim(vendor_event_code)) as vendor_event_code,
        event_type
    from {{ ref('email_event_types') }}

),

ab_tests as (

    select
        ab_test_id,
        source_system,
        trim(campaign_key) as campaign_key,
        lower(trim(control_variant)) as control_variant,
        lower(trim(ai_variant)) as ai_variant
    from {{ ref('ab_tests') }}

),

unioned as (

    select * from marketo
    union all
    select * from hubspot
    union all
    select * from canonical

),

typed as (

    select
        unioned.*,
        event_types.event_type,
        ab_tests.ab_test_id,
        case
            when lower(trim(unioned.variant_label)) = ab_tests.control_variant then 'control'
            when lower(trim(unioned.variant_label)) = ab_tests.ai_variant then 'ai'
        end as arm,
        {{ dbt_utils.generate_surrogate_key([
            'unioned.source_system',
            "coalesce(unioned.vendor_event_id, unioned.person_id || '|' || unioned.vendor_event_code || '|' || cast(unioned.occurred_at as " ~ dbt.type_string() ~ ") || '|' || unioned.campaign_key || '|' || coalesce(unioned.variant_label, ''))",
        ]) }} as email_event_id
    from unioned
    left join event_types
        on
            unioned.source_system = event_types.source_system
            and lower(unioned.vendor_event_code) = event_types.vendor_event_code
    left join ab_tests
        on
            unioned.source_system = ab_tests.source_system
            and unioned.campaign_key = ab_tests.campaign_key

),

flagged as (

    select
        *,
        coalesce(event_type = 'open', false) and (
            coalesce(is_machine_open_flag, false)
            {%- if machine_agents | length > 0 %}
            or trim(user_agent) in (
                {%- for agent in machine_agents %}
                '{{ agent | replace("'", "''") }}'{{ ',' if not loop.last }}
                {%- endfor %}
            )
            {%- endif %}
        ) as is_machine_open
    from typed

),

validated_delivered as (

    select
        *,
        case
            when person_id is null then 'missing_recipient'
            when occurred_at is null then 'unparseable_or_zoneless_timestamp'
            when event_type is null then 'unknown_event_type'
            when campaign_key is null then 'missing_campaign'
            when
                ab_test_id is not null
                and arm is null
                and (variant_label is not null or event_type = 'send')
                then 'unknown_test_variant'
        end as invalid_reason
    from flagged

),

validated as (

    {%- if is_incremental() %}
    {#- The delivered rows, and the earlier rows of the event ids they carry (not delivered again). -#}
    select {{ previous_columns(except=['quarantine_reason']) }} from validated_delivered
    union all
    select {{ previous_columns(except=['quarantine_reason']) }}
    from {{ this }} as previous
    where
        previous.email_event_id in (select email_event_id from validated_delivered)
        and not exists (
            select 1
            from validated_delivered
            where
                validated_delivered.file_checksum = previous.file_checksum
                and validated_delivered.source_system = previous.source_system
                and validated_delivered.source_row_number = previous.source_row_number
        )
    {%- else %}
    select * from validated_delivered
    {%- endif %}

),

{# Re-exported files repeat events. Within an event id the row of the file whose name sorts
    last wins (vendors put the export date in the name), so the outcome does not depend on the
    order files were loaded in. Only ids carried by more than one valid row can have a
    duplicate: they are found by a group-by (cheap), and only their rows are ranked, so no window
    function sorts the millions of events that occur once. #}
repeated_ids as (

    select email_event_id
    from validated
    where invalid_reason is null
    group by email_event_id
    having count(*) > 1

),

ranked as (

    select
        file_checksum,
        source_system,
        source_row_number,
        row_number() over (
            partition by email_event_id
            order by source_file desc, loaded_at desc, source_row_number desc
        ) as delivery_rank
    from validated
    where
        invalid_reason is null
        and email_event_id in (select repeated_ids.email_event_id from repeated_ids)

),

final as (

    select
        validated.*,
        coalesce(
            validated.invalid_reason,
            case when ranked.delivery_rank > 1 then 'duplicate_event' end
        ) as quarantine_reason
    from validated
    left join ranked
        on
            validated.file_checksum = ranked.file_checksum
            and validated.source_system = ranked.source_system
            and validated.source_row_number = ranked.source_row_number

)

select * from final
