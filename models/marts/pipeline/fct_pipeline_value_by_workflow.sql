{#- One row per workflow with AI-tagged leads: its annual pipeline value by the incremental
    (same-period) and the pre/post method, and the pipeline attributed to its AI-assisted
    touchpoints. The values are computed once, in int_pipeline_value_by_workflow (which
    fct_workflow_roi also reads); this mart publishes them for the dashboard and `roi results`.
-#}

with

pipeline_value as (

    select * from {{ ref('int_pipeline_value_by_workflow') }}

),

final as (

    select
        workflow_id,
        ai_mqls,
        ai_sqls,
        incremental_sqls,
        {#- Dollars to cents, as every mart publishes USD (the ROI reads the unrounded values). -#}
        {{ range_columns('incremental_value_usd_{case}', 'incremental_value_usd') }},
        {{ range_columns('pre_post_value_usd_{case}', 'pre_post_value_usd') }},
        ai_attributed_pipeline_usd,
        attribution_model,
        cast(months_observed as integer) as months_observed,
        evidence_maturity,
        has_same_period_comparison
    from pipeline_value

)

select * from final
