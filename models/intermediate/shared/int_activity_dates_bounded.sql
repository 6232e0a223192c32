{#- One row: the earliest day anything in the data happened on (clean time entries, email
    events, CRM leads, opportunities and campaign responses) or a workflow goes live (seed
    workflows). dim_dates starts at the earlier of this day and roi_calendar_start_date, so a
    2018 export builds. Null when there is no data at all. -#}

with

time_entries as (

    select min(entry_date) as first_date
    from {{ ref('stg_time_tracking__time_entries') }}

),

email_events as (

    select min(cast(occurred_at as date)) as first_date
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

    select * from time_entries
    union all
    select * from email_events
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

final as (

    select cast(min(first_date) as date) as first_activity_date
    from unioned

)

select * from final
