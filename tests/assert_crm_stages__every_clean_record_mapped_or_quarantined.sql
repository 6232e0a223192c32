-- Every clean lead and opportunity of staging is either in the pipeline intermediates or
-- quarantined as unmapped_stage by int_crm_stages_mapped: nothing is dropped silently.
-- Returns a row per object type whose counts do not add up; no rows = pass.
with

staged as (

    select
        'lead' as object_type,
        count(*) as count_staged
    from {{ ref('stg_crm__leads') }}
    union all
    select
        'opportunity' as object_type,
        count(*) as count_staged
    from {{ ref('stg_crm__opportunities') }}

),

used as (

    select
        'lead' as object_type,
        count(*) as count_used
    from {{ ref('int_leads_unified') }}
    union all
    select
        'opportunity' as object_type,
        count(*) as count_used
    from {{ ref('int_opportunities_converted_to_usd') }}

),

quarantined as (

    select
        object_type,
        count(*) as count_quarantined
    from {{ ref('int_crm_stages_mapped') }}
    where quarantine_reason is not null
    group by object_type

),

final as (

    select
        staged.object_type,
        staged.count_staged,
        used.count_used,
        coalesce(quarantined.count_quarantined, 0) as count_quarantined
    from staged
    inner join used
        on staged.object_type = used.object_type
    left join quarantined
        on staged.object_type = quarantined.object_type
    where staged.count_staged != used.count_used + coalesce(quarantined.count_quarantined, 0)

)

select * from final
