{#- One row: the earliest day anything in the data happened on (clean time entries, email
    events, CRM leads, opportunities and campaign responses) or a workflow goes live (seed
    workflows). dim_dates starts at the earlier of this day and roi_calendar_start_date, so a
    2018 export builds. Null when there is no data at all. Also the latest clean time entry's
    date and the latest email event's date, which date fct_workflow_roi's evaluation (marts read
    no staging model). -#}

with

time_entries as (

    select
        min(entry_date) as first_date,
        max(entry_date) as last_date
    from {{ ref('stg_time_tracking__time_entries') }}

),

email_events as (

    select
        min(cast(occurred_at as date)) as first_date,
        max(cast(occurred_at as date)) as last_date
    from {{ ref('stg_email_platform__events') }}

),

leads as (

    select min(cast(created_at as date)) as first_date
    from {{ ref('stg_crm__leads') }}

),

opportunities as (

    select min(cast(created_at as date)) as first_date
    from {{ ref('stg_crm__opportunities') }}

),

opportunity_close_dates as (

    select min(close_date) as first_date
    from {{ ref('stg_crm__opportunities') }}

),

campaign_members as (

    select min(first_responded_date) as first_date
    from {{ ref('stg_crm__campaign_members') }}

),

workflows as (

    select min(ai_go_live_date) as first_date
    from {{ ref('workflows') }}

),

unioned as (

    select first_date from time_entries
    union all
    select first_date from email_events
    union all
    select * from leads
    union all
    select * from opportunities
    union all
    select * from opportunity_close_dates
    union all
    select * from campaign_members
    union all
    select * from workflows

),

first_activity as (

    select cast(min(first_date) as date) as first_activity_date
    from unioned

),

final as (

    select
        first_activity.first_activity_date,
        cast(time_entries.last_date as date) as last_time_entry_date,
        cast(email_events.last_date as date) as last_email_event_date
    from first_activity
    cross join time_entries
    cross join email_events

)

select * from final
