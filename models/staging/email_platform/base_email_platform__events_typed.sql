{#- Every email event row of every vendor in one shape, typed by the seed email_event_types, tied
    to its A/B test (seed ab_tests) and arm, with the reason the row itself cannot be used
    (`invalid_reason`, null when it can). Whether a valid row repeats an event that a later file
    delivered again is base_email_platform__events_superseded's question; the view
    base_email_platform__events_validated puts the two together.

    Incremental (one row per raw row, keyed by its lineage): a nightly run reads only raw rows
    loaded within roi_incremental_lookback_days of the latest load it has seen. Only the columns
    the clean and quarantine models read are stored (the vendor's event id lives on in
    email_event_id, the user agent in is_machine_open): every stored column costs write time on
    millions of rows. The seeds email_event_types and ab_tests (vendor codes and campaign /
    variant labels mapped to event types and test arms) and the vars named in
    `rebuild_when_vars_change` shape earlier rows too: every row stores the fingerprint of what
    it was typed with (upstream_seeds_fingerprint), and the first run after an edit types every
    raw row again (upstream_seeds_changed), so the edit needs no `--full-refresh`. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source_system', 'file_checksum', 'source_row_number'],
    on_schema_change='append_new_columns',
    meta={'rebuild_when_vars_change': ['roi_machine_open_user_agents', 'roi_hubspot_timezone']},
) }}
{%- set machine_agents = var('roi_machine_open_user_agents') -%}
{%- set read_everything = upstream_seeds_changed() -%}

with

marketo as (

    select * from {{ ref('base_email_platform__marketo_events') }}
    {{- loaded_within_lookback(read_everything=read_everything) }}

),

hubspot as (

    select * from {{ ref('base_email_platform__hubspot_events') }}
    {{- loaded_within_lookback(read_everything=read_everything) }}

),

canonical as (

    select * from {{ ref('base_email_platform__canonical_events') }}
    {{- loaded_within_lookback(read_everything=read_everything) }}

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
            {#- coalesce: a missing user agent is "not a machine agent"; without it
                `false or null` is null and the event had no is_machine_open. #}
            or coalesce(trim(user_agent) in (
                {%- for agent in machine_agents %}
                '{{ agent | replace("'", "''") }}'{{ ',' if not loop.last }}
                {%- endfor %}
            ), false)
            {%- endif %}
        ) as is_machine_open
    from typed

),

validated as (

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

final as (

    select
        source_system,
        source_file,
        file_checksum,
        source_row_number,
        loaded_at,
        email_event_id,
        person_id,
        vendor_event_code,
        event_type,
        occurred_at,
        occurred_text,
        campaign_key,
        variant_label,
        ab_test_id,
        arm,
        is_bot,
        is_machine_open,
        invalid_reason,
        {{ upstream_seeds_fingerprint() }} as upstream_seeds_fingerprint
    from validated

)

select * from final
