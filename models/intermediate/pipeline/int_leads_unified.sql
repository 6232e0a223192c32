{{ config(materialized='table') }}
{#- One row per lead of either CRM whose stage is mapped (int_crm_stages_mapped), with its
    funnel stage, funnel timestamps and AI-assist flags. A lead counts as an MQL / SQL when it has the stage date, or
    when its current stage says it got there (then its date is unknown and it joins no cohort).
    funnel_person_id is the person the lead belongs to in the funnel: its hashed email, or the
    lead itself when it has none; int_leads_merged_to_persons makes the leads of one person (in
    one CRM or both) one funnel entry, with its MQL month and days MQL->SQL. -#}

with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

stage_mappings as (

    select
        record_id as lead_id,
        funnel_stage
    from {{ ref('int_crm_stages_mapped') }}
    where object_type = 'lead' and quarantine_reason is null

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
        leads.crm_lead_id,
        leads.person_id,
        coalesce(leads.person_id, leads.lead_id) as funnel_person_id,
        leads.lead_source,
        {#- No stage at all (a contact nobody gave a lifecycle stage) is a plain lead; a
            stage that no seed row maps never gets here (int_crm_stages_mapped). -#}
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
    inner join stage_mappings
        on leads.lead_id = stage_mappings.lead_id
    left join ai_flags
        on leads.lead_id = ai_flags.lead_id

),

final as (

    select
        *,
        (
            mql_at is not null
            or funnel_stage in ('mql', 'sql', 'opportunity', 'won')
            or sql_at is not null
        ) as is_mql,
        (sql_at is not null or funnel_stage in ('sql', 'opportunity', 'won')) as is_sql
    from joined

)

select * from final
