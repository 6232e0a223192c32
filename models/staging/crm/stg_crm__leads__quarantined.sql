with

validated as (

    select * from {{ ref('base_crm__leads_validated') }}

),

final as (

    select
        source_system,
        source_file,
        source_row_number,
        quarantine_reason,
        lead_id,
        crm_lead_id,
        person_id,
        stage_value,
        created_text,
        mql_text,
        sql_text,
        loaded_at
    from validated
    where quarantine_reason is not null

)

select * from final
