{{ config(materialized='table') }}
{#- One row per marketing touchpoint of a lead, from both CRMs: HubSpot's first and most recent
    conversion events of a contact, and Salesforce campaign members that responded (at their
    first response date; CreatedDate gives the time when it is the same day). A touchpoint is
    AI-assisted when a touchpoint signal of the seed pipeline_ai_assist_signals matches it (the
    first matching signal by signal_id names its workflow). -#}

with

leads as (

    select
        lead_id,
        source_system,
        first_conversion_event_name,
        first_conversion_at,
        recent_conversion_event_name,
        recent_conversion_at
    from {{ ref('stg_crm__leads') }}
    where source_system = 'hubspot'

),

campaign_members as (

    select
        campaign_membership_id,
        lead_id,
        source_system,
        campaign_id,
        campaign_name,
        first_responded_date,
        created_at
    from {{ ref('stg_crm__campaign_members') }}
    where has_responded

),

signals as (

    select
        signal_id,
        crm,
        field_name,
        lower(trim(value_pattern)) as value_pattern,
        workflow_id
    from {{ ref('pipeline_ai_assist_signals') }}
    where object_type = 'touchpoint'

),

hubspot_touches as (

    select
        lead_id,
        source_system,
        'first_conversion' as touch_kind,
        first_conversion_event_name as touch_name,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        first_conversion_at as touched_at
    from leads
    where first_conversion_at is not null
    union all
    select
        lead_id,
        source_system,
        'recent_conversion' as touch_kind,
        recent_conversion_event_name as touch_name,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        recent_conversion_at as touched_at
    from leads
    {#- HubSpot repeats the first conversion as the recent one when there was only one. #}
    where
        recent_conversion_at is not null
        and not (
            first_conversion_at is not null
            and recent_conversion_at = first_conversion_at
            and coalesce(recent_conversion_event_name, '')
            = coalesce(first_conversion_event_name, '')
        )

),

salesforce_touches as (

    select
        lead_id,
        source_system,
        'campaign_response' as touch_kind,
        campaign_name as touch_name,
        campaign_id,
        case
            when cast(created_at as date) = first_responded_date then created_at
            else cast(first_responded_date as timestamp)
        end as touched_at
    from campaign_members

),

unioned as (

    select * from hubspot_touches
    union all
    select * from salesforce_touches

),

keyed as (

    select
        {{ dbt_utils.generate_surrogate_key([
            'lead_id', 'touch_kind', 'campaign_id', 'touch_name', 'touched_at'
        ]) }} as touchpoint_id,
        *
    from unioned

),

signal_matches as (

    select
        keyed.touchpoint_id,
        signals.workflow_id,
        row_number() over (
            partition by keyed.touchpoint_id order by signals.signal_id
        ) as match_rank
    from keyed
    inner join signals
        on
            keyed.source_system = signals.crm
            and (
                (
                    signals.field_name = 'conversion_event_name'
                    and lower(keyed.touch_name) like signals.value_pattern
                )
                or (
                    signals.field_name = 'CampaignId'
                    and lower(keyed.campaign_id) like signals.value_pattern
                )
                or (
                    signals.field_name = 'campaign_name'
                    and lower(keyed.touch_name) like signals.value_pattern
                )
            )

),

final as (

    select
        keyed.touchpoint_id,
        keyed.lead_id,
        keyed.source_system,
        keyed.touch_kind,
        keyed.touch_name,
        keyed.campaign_id,
        keyed.touched_at,
        signal_matches.workflow_id is not null as is_ai_assisted,
        signal_matches.workflow_id as ai_workflow_id
    from keyed
    left join signal_matches
        on
            keyed.touchpoint_id = signal_matches.touchpoint_id
            and signal_matches.match_rank = 1

)

select * from final
