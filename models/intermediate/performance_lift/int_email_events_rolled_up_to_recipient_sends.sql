{#- One row per recipient per campaign send: did the email arrive, was it opened, was a link
    clicked (unique per recipient, not click counts), human vs raw, and which A/B arm the
    recipient saw. A recipient whose events carry both arms was exposed to both variants:
    flagged, given no arm, and so left out of the comparison (and counted). A table, not a
    view: two models read it and it rolls up every email event (10 million at scale 10). -#}
{{ config(materialized='table') }}

with

events as (

    select
        source_system,
        campaign_key,
        person_id,
        ab_test_id,
        arm,
        event_type,
        occurred_at,
        is_bot,
        is_machine_open,
        is_human
    from {{ ref('stg_email_platform__events') }}
    where event_type <> 'other'

),

ab_tests as (

    select
        ab_test_id,
        workflow_id,
        campaign_type
    from {{ ref('ab_tests') }}

),

rolled_up as (

    select
        source_system,
        campaign_key,
        person_id,
        max(ab_test_id) as ab_test_id,
        count(distinct arm) as count_arms,
        min(arm) as only_arm,
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
        case when rolled_up.count_arms = 1 then rolled_up.only_arm end as arm,
        rolled_up.count_arms > 1 as is_exposed_to_both,
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
        (
            rolled_up.ab_test_id is not null
            and rolled_up.count_send_events > 0
            and rolled_up.count_arms = 1
        ) as is_in_comparison
    from rolled_up
    left join ab_tests
        on rolled_up.ab_test_id = ab_tests.ab_test_id

)

select * from final
