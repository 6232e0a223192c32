with

validated as (

    select * from {{ ref('base_crm__leads_validated') }}

),

final as (

    select
        lead_id,
        source_system,
        crm_lead_id,
        person_id,
        stage_value,
        lead_source,
        created_at,
        mql_at,
        sql_at,
        has_sql_time,
        opportunity_entered_at,
        case
            when converted_opportunity_id is not null
                then {{ dbt_utils.generate_surrogate_key([
                    'source_system', 'converted_opportunity_id'
                ]) }}
        end as converted_opportunity_id,
        ai_scored_value,
        ai_nurtured_value,
        ai_routed_value,
        first_conversion_event_name,
        first_conversion_at,
        recent_conversion_event_name,
        recent_conversion_at,
        source_file,
        source_row_number
    from validated
    where quarantine_reason is null

)

select * from final
