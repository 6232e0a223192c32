{#- One row per attribution model, workflow and month the opportunities were created: the
    pipeline (USD) credited to the workflow's AI-assisted touchpoints, beside the month's total
    pipeline. -#}

with

credits as (

    select
        attribution_model,
        is_default,
        opportunity_created_month,
        is_ai_assisted,
        ai_workflow_id,
        credited_amount_usd
    from {{ ref('int_touchpoints_credited_to_opportunities') }}
    where opportunity_created_month is not null

),

monthly_totals as (

    select
        attribution_model,
        opportunity_created_month,
        {{ sum_fixed_point('credited_amount_usd') }} as total_pipeline_usd
    from credits
    group by attribution_model, opportunity_created_month

),

ai_credits as (

    select
        attribution_model,
        max(case when is_default then 1 else 0 end) = 1 as is_default_model,
        ai_workflow_id as workflow_id,
        opportunity_created_month,
        {{ sum_fixed_point('credited_amount_usd') }} as ai_attributed_pipeline_usd
    from credits
    where is_ai_assisted
    group by attribution_model, ai_workflow_id, opportunity_created_month

),

final as (

    select
        cast(
            {{ dbt.concat([
                'ai_credits.attribution_model', "'|'", 'ai_credits.workflow_id', "'|'",
                'cast(ai_credits.opportunity_created_month as ' ~ dbt.type_string() ~ ')',
            ]) }} as {{ dbt.type_string() }}
        ) as ai_attributed_pipeline_id,
        cast(ai_credits.attribution_model as {{ dbt.type_string() }}) as attribution_model,
        ai_credits.is_default_model,
        cast(ai_credits.workflow_id as {{ dbt.type_string() }}) as workflow_id,
        ai_credits.opportunity_created_month,
        cast(ai_credits.ai_attributed_pipeline_usd as numeric(18, 2)) as ai_attributed_pipeline_usd,
        cast(monthly_totals.total_pipeline_usd as numeric(18, 2)) as total_pipeline_usd,
        {#- A ratio in double precision: decimal division keeps a warehouse-specific scale
            (Spark's decimal(38, 6) / decimal(38, 6) keeps 6 decimals). -#}
        {{ round_double(
            'cast(ai_credits.ai_attributed_pipeline_usd as double precision)'
            ~ ' / nullif(cast(monthly_totals.total_pipeline_usd as double precision), 0)',
            10,
        ) }} as ai_attributed_share
    from ai_credits
    inner join monthly_totals
        on
            ai_credits.attribution_model = monthly_totals.attribution_model
            and ai_credits.opportunity_created_month = monthly_totals.opportunity_created_month

)

select * from final
