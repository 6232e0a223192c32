{#- One row per recipient per campaign send: did the email arrive, was it opened, was a link
    clicked (unique per recipient, not click counts), human vs raw, and which A/B arm the
    recipient saw. A recipient whose events carry both arms was exposed to both variants:
    flagged, given no arm, and so left out of the comparison (and counted).

    Incremental (unique key recipient_send_id): a nightly run rolls up again, from all of their
    events, the sends that stg_email_platform__event_deliveries (every delivered row, clean or
    quarantined) shows touched by the rows loaded within roi_incremental_lookback_days of the
    latest load seen here (last_loaded_at), with every send holding an event id those rows carry
    (a re-export can turn an earlier copy of an event, in another send, into a duplicate). A
    touched send left with no event is written with count_events = 0 and deleted after the run
    (delete_placeholder_rows). After an edit of a seed upstream (ab_tests, email_event_types)
    every send is rolled up again (upstream_seeds_changed), so a plain build equals a full
    refresh. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='recipient_send_id',
    on_schema_change='append_new_columns',
    post_hook=delete_placeholder_rows('count_events = 0'),
) }}
{%- set read_everything = upstream_seeds_changed() %}
-- depends_on: {{ ref('stg_email_platform__event_deliveries') }}

with

{% if is_incremental() -%}

deliveries as (

    select
        email_event_id,
        source_system,
        campaign_key,
        person_id,
        loaded_at
    from {{ ref('stg_email_platform__event_deliveries') }}

),

recent_event_ids as (

    select email_event_id from deliveries
    {{- loaded_within_lookback(this_column='last_loaded_at', read_everything=read_everything) }}

),

touched_sends as (

    select distinct
        source_system,
        campaign_key,
        person_id
    from deliveries
    where
        email_event_id in (select recent_event_ids.email_event_id from recent_event_ids)
        and person_id is not null
        and campaign_key is not null

),

{% endif -%}

{# Every email event but `other`; on an incremental run only those of the touched sends, with
    one all-null row for a touched send that has none left (count_events = 0). #}
events as (

    select
        {{ 'touched_sends' if is_incremental() else 'all_events' }}.source_system,
        {{ 'touched_sends' if is_incremental() else 'all_events' }}.campaign_key,
        {{ 'touched_sends' if is_incremental() else 'all_events' }}.person_id,
        all_events.ab_test_id,
        all_events.arm,
        all_events.event_type,
        all_events.occurred_at,
        all_events.loaded_at,
        all_events.is_bot,
        all_events.is_machine_open,
        all_events.is_human
    {%- if is_incremental() %}
    from touched_sends
    left join {{ ref('stg_email_platform__events') }} as all_events
        on
            touched_sends.source_system = all_events.source_system
            and touched_sends.campaign_key = all_events.campaign_key
            and touched_sends.person_id = all_events.person_id
            and all_events.event_type <> 'other'
    {%- else %}
    from {{ ref('stg_email_platform__events') }} as all_events
    where all_events.event_type <> 'other'
    {%- endif %}

),

ab_tests as (

    select
        ab_test_id,
        workflow_id,
        campaign_type
    from {{ ref('ab_tests') }}

),

{# Arms without count(distinct): one arm when the smallest and largest agree, both when they
    differ, none when every event has a null arm. #}
rolled_up as (

    select
        source_system,
        campaign_key,
        person_id,
        max(ab_test_id) as ab_test_id,
        min(arm) as only_arm,
        max(arm) as other_arm,
        count(event_type) as count_events,
        max(loaded_at) as last_loaded_at,
        min(case when event_type = 'send' then occurred_at end) as sent_at,
        sum(case when event_type = 'send' then 1 else 0 end) as count_send_events,
        {{ dbt.bool_or("event_type = 'delivered'") }} as has_delivered_event,
        {{ dbt.bool_or("event_type = 'bounce'") }} as is_bounced,
        {{ dbt.bool_or("event_type = 'open'") }} as is_opened_raw,
        {{ dbt.bool_or("event_type = 'open' and is_human") }} as is_opened_human,
        {{ dbt.bool_or("event_type = 'click'") }} as is_clicked_raw,
        {{ dbt.bool_or("event_type = 'click' and not is_bot") }} as is_clicked_human,
        {{ dbt.bool_or("event_type = 'unsubscribe'") }} as is_unsubscribed,
        sum(case when event_type = 'click' then 1 else 0 end) as count_click_events,
        sum(case when event_type = 'click' and is_bot then 1 else 0 end) as count_bot_click_events,
        sum(case when event_type = 'open' and is_machine_open then 1 else 0 end)
            as count_machine_open_events
    from events
    group by source_system, campaign_key, person_id

),

final as (

    select
        {{ dbt_utils.generate_surrogate_key([
            'rolled_up.source_system', 'rolled_up.campaign_key', 'rolled_up.person_id',
        ]) }} as recipient_send_id,
        rolled_up.source_system,
        rolled_up.campaign_key,
        rolled_up.person_id,
        rolled_up.ab_test_id,
        ab_tests.workflow_id,
        ab_tests.campaign_type,
        case when rolled_up.only_arm = rolled_up.other_arm then rolled_up.only_arm end as arm,
        coalesce(rolled_up.only_arm <> rolled_up.other_arm, false) as is_exposed_to_both,
        rolled_up.sent_at,
        cast(rolled_up.sent_at as date) as sent_date,
        rolled_up.count_send_events > 0 as is_sent,
        {#- Delivered: a delivery event, or (for platforms that report none) a human open or
            click of an email that did not bounce. -#}
        (
            rolled_up.has_delivered_event
            or (
                not rolled_up.is_bounced
                and (rolled_up.is_opened_human or rolled_up.is_clicked_human)
            )
        ) as is_delivered,
        rolled_up.is_bounced,
        rolled_up.is_opened_raw,
        rolled_up.is_opened_human,
        rolled_up.is_clicked_raw,
        rolled_up.is_clicked_human,
        rolled_up.is_unsubscribed,
        rolled_up.count_click_events,
        rolled_up.count_bot_click_events,
        rolled_up.count_machine_open_events,
        rolled_up.count_events,
        rolled_up.last_loaded_at,
        (
            rolled_up.ab_test_id is not null
            and rolled_up.count_send_events > 0
            and coalesce(rolled_up.only_arm = rolled_up.other_arm, false)
        ) as is_in_comparison,
        {{ upstream_seeds_fingerprint() }} as upstream_seeds_fingerprint
    from rolled_up
    left join ab_tests
        on rolled_up.ab_test_id = ab_tests.ab_test_id

)

select * from final
