with

validated as (

    select * from {{ ref('base_crm__opportunities_validated') }}

),

final as (

    select
        opportunity_id,
        source_system,
        crm_opportunity_id,
        amount,
        currency_code,
        stage_value,
        pipeline_name,
        created_at,
        close_date,
        is_closed_flag,
        is_won_flag,
        source_file,
        source_row_number
    from validated
    where quarantine_reason is null

)

select * from final
