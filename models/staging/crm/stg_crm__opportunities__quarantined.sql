with

validated as (

    select * from {{ ref('base_crm__opportunities_validated') }}

),

final as (

    select
        source_system,
        source_file,
        source_row_number,
        quarantine_reason,
        opportunity_id,
        crm_opportunity_id,
        amount_text,
        currency_code,
        stage_value,
        close_text,
        loaded_at
    from validated
    where quarantine_reason is not null

)

select * from final
