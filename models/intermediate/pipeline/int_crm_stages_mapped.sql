{#- One row per clean lead and per clean opportunity of either CRM: the funnel stage its stage
    value maps to (seed pipeline_stage_mappings, compared case-insensitively), or the reason it
    cannot be used. The one place a CRM stage meets the mapping seed: int_leads_unified and
    int_opportunities_converted_to_usd read the rows without a quarantine reason.

    unmapped_stage: a lead whose stage or status no seed row maps, or an opportunity whose stage
    no row maps and whose export has no closed/won flags to settle its outcome. Never counted as
    `lead` or `open` by default: `roi check` lists each value with its count. A view, so an edit
    of the seed takes effect on the next plain `dbt build`. -#}

with

leads as (

    select
        'lead' as object_type,
        lead_id as record_id,
        source_system,
        stage_value,
        cast(null as boolean) as is_closed_flag,
        source_file,
        source_row_number
    from {{ ref('stg_crm__leads') }}

),

opportunities as (

    select
        'opportunity' as object_type,
        opportunity_id as record_id,
        source_system,
        stage_value,
        is_closed_flag,
        source_file,
        source_row_number
    from {{ ref('stg_crm__opportunities') }}

),

stage_mappings as (

    select
        crm,
        object_type,
        lower(trim(stage_value)) as stage_value,
        funnel_stage
    from {{ ref('pipeline_stage_mappings') }}

),

records as (

    select * from leads
    union all
    select * from opportunities

),

mapped as (

    select
        records.object_type,
        records.record_id,
        records.source_system,
        records.stage_value,
        stage_mappings.funnel_stage,
        records.source_file,
        records.source_row_number,
        case
            when records.stage_value is null or stage_mappings.funnel_stage is not null then null
            when records.object_type = 'opportunity' and records.is_closed_flag is not null
                then null
            else 'unmapped_stage'
        end as quarantine_reason
    from records
    left join stage_mappings
        on
            records.source_system = stage_mappings.crm
            and records.object_type = stage_mappings.object_type
            and lower(records.stage_value) = stage_mappings.stage_value

),

labelled as (

    select
        *,
        case source_system
            when 'hubspot' then 'HubSpot'
            when 'salesforce' then 'Salesforce'
            else source_system
        end as crm_label,
        case
            when object_type = 'lead' and source_system = 'hubspot' then 'lifecycle stage'
            when object_type = 'lead' then 'lead status'
            when source_system = 'hubspot' then 'deal stage'
            else 'opportunity stage'
        end as stage_label
    from mapped

),

final as (

    select
        object_type,
        record_id,
        source_system,
        stage_value,
        funnel_stage,
        quarantine_reason,
        case
            when quarantine_reason = 'unmapped_stage'
                then
                    crm_label || ' ' || stage_label || ' ''' || stage_value
                    || ''' has no row in seed pipeline_stage_mappings (crm ' || source_system
                    || ', object_type ' || object_type || ')'
        end as quarantine_message,
        source_file,
        source_row_number
    from labelled

)

select * from final
