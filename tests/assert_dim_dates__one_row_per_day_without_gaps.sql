-- The calendar must hold exactly one row per day between its first and last day (a gap would
-- drop a day from every time series built on it) and must cover every workflow's AI go-live
-- date and every logged day of work. Returns a row describing each failure; no rows = pass.
with

calendar as (

    select calendar_date from {{ ref('dim_dates') }}

),

workflows as (

    select
        workflow_id,
        ai_go_live_date
    from {{ ref('dim_workflows') }}

),

entries as (

    select
        min(entry_date) as first_entry_date,
        max(entry_date) as last_entry_date
    from {{ ref('stg_time_tracking__time_entries') }}

),

bounds as (

    select
        min(calendar_date) as first_date,
        max(calendar_date) as last_date,
        count(*) as count_days
    from calendar

),

spans as (

    select
        count_days,
        {{ dbt.datediff('first_date', 'last_date', 'day') }} + 1 as count_days_spanned  -- noqa: LT05
    from bounds

),

gap_check as (

    select
        'calendar has ' || cast(count_days as {{ dbt.type_string() }})
        || ' rows but spans '
        || cast(count_days_spanned as {{ dbt.type_string() }})
        || ' days' as failure
    from spans
    where count_days != count_days_spanned

),

coverage_check as (

    select
        'workflow ' || workflows.workflow_id || ' goes live outside the calendar: '
        || cast(workflows.ai_go_live_date as {{ dbt.type_string() }})
        || '; widen roi_calendar_start_date / roi_calendar_years_ahead' as failure
    from workflows
    cross join bounds
    where
        workflows.ai_go_live_date < bounds.first_date
        or workflows.ai_go_live_date > bounds.last_date

),

entry_coverage_check as (

    select
        'time entries from ' || cast(entries.first_entry_date as {{ dbt.type_string() }})
        || ' to ' || cast(entries.last_entry_date as {{ dbt.type_string() }})
        || ' fall outside the calendar; widen roi_calendar_start_date / roi_calendar_years_ahead'
            as failure
    from entries
    cross join bounds
    where
        entries.first_entry_date < bounds.first_date
        or entries.last_entry_date > bounds.last_date

),

final as (

    select failure from gap_check
    union all
    select failure from coverage_check
    union all
    select failure from entry_coverage_check

)

select * from final
