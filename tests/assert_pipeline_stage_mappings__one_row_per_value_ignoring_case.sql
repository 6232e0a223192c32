-- Stage values are compared ignoring case and surrounding spaces (int_crm_stages_mapped), so
-- `Qualified` and `qualified ` on two rows of one CRM and object would map one value twice.
-- Returns a row naming each such value; no rows = pass.
with

mappings as (

    select
        crm,
        object_type,
        lower(trim(stage_value)) as stage_value_ignoring_case
    from {{ ref('pipeline_stage_mappings') }}

),

final as (

    select
        crm,
        object_type,
        stage_value_ignoring_case,
        count(*) as count_rows,
        'Seed pipeline_stage_mappings maps ' || crm || ' ' || object_type || ' stage '''
        || stage_value_ignoring_case
        || ''' on more than one row (ignoring case and spaces): keep one' as failure
    from mappings
    group by crm, object_type, stage_value_ignoring_case
    having count(*) > 1

)

select * from final
