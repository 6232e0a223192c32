{{ config(materialized='table') }}
{#- One row per opportunity, attribution model (seed attribution_models) and touchpoint before
    the opportunity was created, with the touch's share of credit and the USD amount it earns.
    Shares sum to 1 per opportunity and model, so credited amounts sum to the opportunity amount.
    An opportunity without a recorded touch gets one `no_recorded_touch` row with all the credit,
    so totals reconcile with the pipeline. See doc formula_attribution_credit. -#}

with

opportunities as (

    select
        opportunity_id,
        amount_usd,
        outcome,
        created_month,
        coalesce(created_at, cast(close_date as timestamp)) as opportunity_at,
        first_lead_mql_at
    from {{ ref('int_opportunities_converted_to_usd') }}

),

links as (

    select * from {{ ref('int_opportunity_leads_linked') }}

),

touchpoints as (

    select * from {{ ref('int_touchpoints_unified') }}

),

models as (

    select
        attribution_model,
        is_default,
        coalesce(first_touch_weight, 0) as first_touch_weight,
        coalesce(lead_conversion_touch_weight, 0) as lead_conversion_touch_weight,
        coalesce(last_touch_weight, 0) as last_touch_weight,
        coalesce(other_touches_weight, 0) as other_touches_weight,
        half_life_days
    from {{ ref('attribution_models') }}

),

opportunity_touches as (

    select distinct
        opportunities.opportunity_id,
        touchpoints.touchpoint_id,
        touchpoints.lead_id,
        touchpoints.touch_kind,
        touchpoints.touch_name,
        touchpoints.touched_at,
        touchpoints.is_ai_assisted,
        touchpoints.ai_workflow_id,
        opportunities.opportunity_at,
        opportunities.first_lead_mql_at
    from opportunities
    inner join links
        on opportunities.opportunity_id = links.opportunity_id
    inner join touchpoints
        on links.lead_id = touchpoints.lead_id
    where touchpoints.touched_at <= opportunities.opportunity_at

),

positioned as (

    select
        *,
        row_number() over (
            partition by opportunity_id order by touched_at asc, touchpoint_id asc
        ) as touch_position,
        count(*) over (partition by opportunity_id) as count_touches,
        cast(
            {{ dbt.datediff('touched_at', 'opportunity_at', 'second') }}  -- noqa: LT05
            as double precision
        ) / 86400.0 as days_before_opportunity
    from opportunity_touches

),

with_conversion_touch as (

    {#- The lead-conversion touch: the last touch at or before the first MQL of the
        opportunity's leads, when it is neither the first nor the last touch. -#}
    select
        *,
        max(
            case when touched_at <= first_lead_mql_at then touch_position end
        ) over (partition by opportunity_id) as conversion_touch_position
    from positioned

),

keyed_touches as (

    select
        *,
        coalesce(
            conversion_touch_position > 1 and conversion_touch_position < count_touches, false
        ) as has_conversion_touch
    from with_conversion_touch

),

weighted as (

    select
        keyed_touches.*,
        models.attribution_model,
        models.is_default,
        case
            when models.attribution_model = 'linear' then 1.0
            when models.attribution_model = 'time_decay'
                then power(0.5, keyed_touches.days_before_opportunity / models.half_life_days)
            when keyed_touches.count_touches = 1 then 1.0
            when keyed_touches.touch_position = 1 then models.first_touch_weight
            when keyed_touches.touch_position = keyed_touches.count_touches
                then models.last_touch_weight
            when
                models.lead_conversion_touch_weight > 0
                and keyed_touches.has_conversion_touch
                and keyed_touches.touch_position = keyed_touches.conversion_touch_position
                then models.lead_conversion_touch_weight
            else
                models.other_touches_weight
                / (
                    keyed_touches.count_touches - 2
                    - case
                        when
                            models.lead_conversion_touch_weight > 0
                            and keyed_touches.has_conversion_touch
                            then 1
                        else 0
                    end
                )
        end as raw_weight
    from keyed_touches
    cross join models

),

normalised as (

    select
        *,
        sum(raw_weight) over (partition by opportunity_id, attribution_model) as total_weight
    from weighted

),

touch_credits as (

    select
        normalised.attribution_model,
        normalised.is_default,
        normalised.opportunity_id,
        normalised.touchpoint_id,
        normalised.lead_id,
        normalised.touch_kind,
        normalised.touch_name,
        normalised.touched_at,
        normalised.touch_position,
        normalised.count_touches,
        normalised.is_ai_assisted,
        normalised.ai_workflow_id,
        {#- Rounded to 12 decimals: the total weight is a sum of doubles, whose last bits
            depend on the order rows are added in (116 credit shares differed between an
            incremental build and a full refresh). A single touch still gets exactly 1. -#}
        {{ round_double(
            'case when normalised.total_weight > 0'
            ~ ' then normalised.raw_weight / normalised.total_weight'
            ~ ' else 1.0 / normalised.count_touches end',
            12,
        ) }} as credit_share
    from normalised

),

untouched_credits as (

    select
        models.attribution_model,
        models.is_default,
        opportunities.opportunity_id,
        cast(null as {{ dbt.type_string() }}) as touchpoint_id,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        'no_recorded_touch' as touch_kind,
        cast(null as {{ dbt.type_string() }}) as touch_name,
        cast(null as timestamp) as touched_at,
        0 as touch_position,
        0 as count_touches,
        false as is_ai_assisted,
        cast(null as {{ dbt.type_string() }}) as ai_workflow_id,
        1.0 as credit_share
    from opportunities
    cross join models
    where not exists (
        select 1
        from opportunity_touches
        where opportunity_touches.opportunity_id = opportunities.opportunity_id
    )

),

credits as (

    select * from touch_credits
    union all
    select * from untouched_credits

),

final as (

    select
        {{ dbt_utils.generate_surrogate_key([
            'credits.opportunity_id', 'credits.attribution_model', 'credits.touchpoint_id'
        ]) }} as attribution_credit_id,
        credits.*,
        opportunities.amount_usd as opportunity_amount_usd,
        {#- Micro-dollars: to the scale of fct_pipeline_attribution's contract. -#}
        {{ round_double('credits.credit_share * opportunities.amount_usd', 6) }}
            as credited_amount_usd,
        opportunities.created_month as opportunity_created_month,
        opportunities.outcome as opportunity_outcome
    from credits
    inner join opportunities
        on credits.opportunity_id = opportunities.opportunity_id

)

select * from final
