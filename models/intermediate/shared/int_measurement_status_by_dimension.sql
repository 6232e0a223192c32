{{ config(materialized='table') }}
{#- Not a view: each of its data tests recomputed it (docs/nightly_run.md). -#}
{#- One row per ROI dimension (efficiency, performance_lift, pipeline): the clean rows it measures
    from, and whether it is measured at all. A dimension whose system has no clean row (nothing
    landed yet, or every landed row quarantined) is 'not_measured_no_data', and names the landing
    folder and the exports that would measure it. Every mart, `roi results` and the dashboard
    read the status from here; nobody decides it twice. -#}

with

time_entries as (

    select count(*) as count_source_rows
    from {{ ref('stg_time_tracking__time_entries') }}

),

email_events as (

    select count(*) as count_source_rows
    from {{ ref('stg_email_platform__events') }}

),

crm_leads as (

    select count(*) as count_source_rows
    from {{ ref('int_leads_unified') }}

),

dimensions as (

    select
        'efficiency' as dimension,
        'Efficiency' as dimension_name,
        'time_tracking' as landing_folder,
        'time entries' as source_rows_described,
        'Toggl, Harvest or Clockify detailed reports, or the canonical time CSV'
            as exports_to_land,
        count_source_rows
    from time_entries

    union all

    select
        'performance_lift' as dimension,
        'Performance lift' as dimension_name,
        'email_platform' as landing_folder,
        'email events' as source_rows_described,
        'Marketo activity exports, HubSpot email events or the canonical email events CSV'
            as exports_to_land,
        count_source_rows
    from email_events

    union all

    select
        'pipeline' as dimension,
        'Pipeline' as dimension_name,
        'crm' as landing_folder,
        'CRM leads' as source_rows_described,
        'HubSpot contacts and deals or Salesforce leads and opportunities'
            as exports_to_land,
        count_source_rows
    from crm_leads

),

final as (

    select
        dimension,
        dimension_name,
        landing_folder,
        exports_to_land,
        count_source_rows,
        case
            when count_source_rows > 0 then 'measured' else 'not_measured_no_data'
        end as measurement_status,
        case
            when count_source_rows > 0
                then
                    dimension_name || ': measured from '
                    || cast(count_source_rows as {{ dbt.type_string() }})
                    || ' ' || source_rows_described
            else
                dimension_name || ': not measured yet: land ' || exports_to_land
                || ' in the landing folder ' || landing_folder || '/'
        end as measurement_status_message
    from dimensions

)

select * from final
