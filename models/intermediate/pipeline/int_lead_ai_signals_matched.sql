{{ config(materialized='table') }}
{#- One row per lead and AI-assist signal it carries: the lead's AI fields (HubSpot contact
    properties ai_scored / ai_nurtured / ai_routed, Salesforce AI_Scored__c / AI_Nurtured__c /
    AI_Routed__c) matched to the seed pipeline_ai_assist_signals, which names the field, the value
    (a case-insensitive LIKE pattern) and the workflow the signal belongs to. -#}

with

leads as (

    select
        lead_id,
        source_system,
        ai_scored_value,
        ai_nurtured_value,
        ai_routed_value
    from {{ ref('stg_crm__leads') }}

),

signals as (

    select
        signal_id,
        crm,
        field_name,
        lower(trim(value_pattern)) as value_pattern,
        ai_signal,
        workflow_id
    from {{ ref('pipeline_ai_assist_signals') }}
    where object_type = 'lead'

),

field_values as (

    {#- The CRM's own field names, so the seed reads like the CRM's field list. -#}
    select
        lead_id,
        source_system,
        case when source_system = 'salesforce' then 'AI_Scored__c' else 'ai_scored' end
            as field_name,
        ai_scored_value as field_value
    from leads
    union all
    select
        lead_id,
        source_system,
        case when source_system = 'salesforce' then 'AI_Nurtured__c' else 'ai_nurtured' end
            as field_name,
        ai_nurtured_value as field_value
    from leads
    union all
    select
        lead_id,
        source_system,
        case when source_system = 'salesforce' then 'AI_Routed__c' else 'ai_routed' end
            as field_name,
        ai_routed_value as field_value
    from leads

),

matched as (

    select distinct
        field_values.lead_id,
        signals.ai_signal,
        signals.workflow_id
    from field_values
    inner join signals
        on
            field_values.source_system = signals.crm
            and field_values.field_name = signals.field_name
            and field_values.field_value like signals.value_pattern

),

final as (

    select
        {{ dbt_utils.generate_surrogate_key(['lead_id', 'ai_signal', 'workflow_id']) }}
            as lead_ai_signal_id,
        lead_id,
        ai_signal,
        workflow_id
    from matched

)

select * from final
