{#- One row per attribution model: the pipeline (USD) credited to AI-assisted touchpoints, the
    whole pipeline and the AI share, over the whole data period. The spread between models is
    the attribution uncertainty the dashboard shows. -#}

with

credits as (

    select
        attribution_model,
        is_default,
        is_ai_assisted,
        credited_amount_usd
    from {{ ref('int_touchpoints_credited_to_opportunities') }}

),

by_model as (

    {#- Fixed point: a sum of doubles depends on the order rows are added in. -#}
    select
        attribution_model,
        is_default,
        {{ sum_fixed_point(
            'case when is_ai_assisted then credited_amount_usd else 0 end'
        ) }} as ai_attributed_pipeline_usd,
        {{ sum_fixed_point('credited_amount_usd') }} as total_pipeline_usd
    from credits
    group by attribution_model, is_default

),

final as (

    select
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        is_default as is_default_model,
        cast(ai_attributed_pipeline_usd as numeric(18, 2)) as ai_attributed_pipeline_usd,
        cast(total_pipeline_usd as numeric(18, 2)) as total_pipeline_usd,
        {#- A ratio in double precision: decimal division keeps a warehouse-specific scale
            (Spark's decimal / decimal kept 6 decimals: 0.14481600 against DuckDB's 0.14481603). -#}
        cast(
            case
                when total_pipeline_usd <> 0
                    then
                        cast(ai_attributed_pipeline_usd as double precision)
                        / cast(total_pipeline_usd as double precision)
            end as numeric(18, 8)
        ) as ai_pipeline_share
    from by_model

)

select * from final
