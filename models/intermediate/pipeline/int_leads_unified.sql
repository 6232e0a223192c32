{{ config(materialized='table') }}
{#- One row per lead of either CRM with its funnel stage (seed pipeline_stage_mappings), funnel
    timestamps, MQL month, days MQL->SQL and AI-assist flags. A lead counts as an MQL / SQL when
    it has the stage date, or when its current stage says it got there (then its date is
    unknown and it joins no cohort). -#}

with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

stage_mappings as (

    select
        crm,
        lower(stage_value) as stage_value,
        funnel_stage
    from {{ ref('pipeline_stage_mappings') }}
    where object_type = 'lead'

),

ai_signals as (

    select * from {{ ref('int_lead_ai_signals_matched') }}

),

ai_flags as (

    select
        lead_id,
        max(case when ai_signal = 'ai_scored' then 1 else 0 end) as has_ai_scored,
        max(case when ai_signal = 'ai_nurtured' then 1 else 0 end) as has_ai_nurtured,
        max(case when ai_signal = 'ai_routed' then 1 else 0 end) as has_ai_routed
    from ai_signals
    group by lead_id

),

joined as (

    select
        leads.lead_id,
        leads.source_system,
        leads.person_id,
        leads.lead_source,
        coalesce(stage_mappings.funnel_stage, 'lead') as funnel_stage,
        leads.created_at,
        leads.mql_at,
        leads.sql_at,
        leads.has_sql_time,
        leads.opportunity_entered_at,
        coalesce(ai_flags.has_ai_scored, 0) = 1 as is_ai_scored,
        coalesce(ai_flags.has_ai_nurtured, 0) = 1 as is_ai_nurtured,
        coalesce(ai_flags.has_ai_routed, 0) = 1 as is_ai_routed,
        ai_flags.lead_id is not null as is_ai_assisted
    from leads
    left join stage_mappings
        on
            leads.source_system = stage_mappings.crm
            and lower(leads.stage_value) = stage_mappings.stage_value
    left join ai_flags
        on leads.lead_id = ai_flags.lead_id

),

final as (

    select
        *,
        cast({{ dbt.date_trunc('month', 'mql_at') }} as date) as mql_month,
        (
            mql_at is not null
            or funnel_stage in ('mql', 'sql', 'opportunity', 'won')
            or sql_at is not null
        ) as is_mql,
        (sql_at is not null or funnel_stage in ('sql', 'opportunity', 'won')) as is_sql,
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
    from joined

)

select * from final
