{#- One row per opportunity, attribution model and touchpoint (or no_recorded_touch), with the
    touch's credit share and credited USD. -#}

with

credits as (

    select * from {{ ref('int_touchpoints_credited_to_opportunities') }}

),

final as (

    select
        cast(attribution_credit_id as {{ dbt.type_string() }}) as attribution_credit_id,
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        is_default as is_default_model,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        opportunity_created_month,
        cast(opportunity_outcome as {{ dbt.type_string() }}) as opportunity_outcome,
        cast(opportunity_amount_usd as numeric(18, 2)) as opportunity_amount_usd,
        cast(touchpoint_id as {{ dbt.type_string() }}) as touchpoint_id,
        cast(touch_kind as {{ dbt.type_string() }}) as touch_kind,
        cast(touch_name as {{ dbt.type_string() }}) as touch_name,
        touched_at,
        cast(touch_position as integer) as touch_position,
        cast(count_touches as integer) as count_touches,
        is_ai_assisted,
        cast(ai_workflow_id as {{ dbt.type_string() }}) as ai_workflow_id,
        {{ round_double('credit_share', 10) }} as credit_share,
        {{ round_double('credited_amount_usd', 6) }} as credited_amount_usd
    from credits

)

select * from final
