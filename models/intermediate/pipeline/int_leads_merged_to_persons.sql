{{ config(materialized='table') }}
{#- One row per funnel person: the clean leads of both CRMs (HubSpot contacts, Salesforce leads)
    that share a normalised email (the salted person hash) are one person, so one MQL and one
    SQL. A lead without an email is a person of its own. The person takes the earliest created,
    MQL and SQL moments across its leads, is an MQL / SQL / AI-assisted when any of its leads
    is, and keeps its source ids (the CRMs' own record ids, one per CRM; the smallest when a CRM
    holds the same email twice) for lineage. -#}

with

leads as (

    select
        funnel_person_id,
        person_id,
        source_system,
        crm_lead_id,
        created_at,
        mql_at,
        sql_at,
        has_sql_time,
        is_mql,
        is_sql,
        is_ai_scored,
        is_ai_nurtured,
        is_ai_routed,
        is_ai_assisted
    from {{ ref('int_leads_unified') }}

),

earliest_sql as (

    select
        funnel_person_id,
        min(sql_at) as sql_at
    from leads
    group by funnel_person_id

),

merged as (

    select
        leads.funnel_person_id,
        max(leads.person_id) as person_id,
        min(case when leads.source_system = 'hubspot' then leads.crm_lead_id end)
            as hubspot_contact_id,
        min(case when leads.source_system = 'salesforce' then leads.crm_lead_id end)
            as salesforce_lead_id,
        count(*) as count_leads,
        min(leads.created_at) as created_at,
        min(leads.mql_at) as earliest_mql_at,
        min(leads.sql_at) as sql_at,
        {#- The SQL moment has a time only when every lead holding the earliest SQL moment
            has one (a date-only Salesforce ConvertedDate then compares whole days). -#}
        coalesce(
            min(
                case
                    when leads.sql_at = earliest_sql.sql_at
                        then case when leads.has_sql_time then 1 else 0 end
                end
            ) = 1,
            false
        ) as has_sql_time,
        max(case when leads.is_mql then 1 else 0 end) = 1 as is_mql,
        max(case when leads.is_sql then 1 else 0 end) = 1 as is_sql,
        max(case when leads.is_ai_scored then 1 else 0 end) = 1 as is_ai_scored,
        max(case when leads.is_ai_nurtured then 1 else 0 end) = 1 as is_ai_nurtured,
        max(case when leads.is_ai_routed then 1 else 0 end) = 1 as is_ai_routed,
        max(case when leads.is_ai_assisted then 1 else 0 end) = 1 as is_ai_assisted
    from leads
    inner join earliest_sql
        on leads.funnel_person_id = earliest_sql.funnel_person_id
    group by leads.funnel_person_id

),

ordered as (

    {#- Each lead's SQL follows its MQL (staging quarantines sql_before_mql), but two CRMs can
        disagree: an SQL in one before the MQL in the other. Nobody is sales-qualified before
        being marketing-qualified, so the earlier SQL moment is the MQL moment too (0 days),
        compared as staging does: by time, or by date when the SQL has no time. -#}
    select
        *,
        case
            when
                earliest_mql_at is not null
                and sql_at is not null
                and (
                    (has_sql_time and sql_at < earliest_mql_at)
                    or (
                        not has_sql_time
                        and cast(sql_at as date) < cast(earliest_mql_at as date)
                    )
                )
                then sql_at
            else earliest_mql_at
        end as mql_at
    from merged

),

final as (

    select
        funnel_person_id,
        person_id,
        hubspot_contact_id,
        salesforce_lead_id,
        count_leads,
        created_at,
        mql_at,
        sql_at,
        has_sql_time,
        is_mql,
        is_sql,
        is_ai_scored,
        is_ai_nurtured,
        is_ai_routed,
        is_ai_assisted,
        cast({{ dbt.date_trunc('month', 'mql_at') }} as date) as mql_month,
        {#- Fractional days when both moments have a time; whole days between the dates when
            the SQL moment is a date only (Salesforce ConvertedDate). -#}
        case
            when mql_at is null or sql_at is null then null
            when has_sql_time
                then cast(
                    {{ dbt.datediff('mql_at', 'sql_at', 'second') }}  -- noqa: LT05
                    as double precision
                ) / 86400.0
            else cast(
                {{ dbt.datediff('cast(mql_at as date)', 'cast(sql_at as date)', 'day') }}  -- noqa: LT05
                as double precision
            )
        end as days_mql_to_sql
    from ordered

)

select * from final
