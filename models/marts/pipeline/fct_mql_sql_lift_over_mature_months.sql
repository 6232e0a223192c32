{#- One row per AI-assisted cohort (each workflow's AI-tagged MQLs, and all AI-assisted MQLs)
    pooled over its mature MQL months with a same-month untagged comparison: the AI and
    untagged MQL->SQL rates of those months and the incremental SQLs with their 95% range. The
    pooling is done once, in int_mql_cohorts_pooled_over_mature_months. -#}

with

pooled as (

    select * from {{ ref('int_mql_cohorts_pooled_over_mature_months') }}

),

final as (

    select
        {{ dbt.concat([
            'cohort_type',
            "'|'",
            "coalesce(workflow_id, 'all')",
        ]) }} as mql_sql_lift_id,
        cast(cohort_type as {{ dbt.type_string() }}) as cohort_type,
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(count_mature_months as integer) as count_mature_months,
        cast(count_mqls as integer) as count_mqls,
        cast(count_sqls as integer) as count_sqls,
        cast(sql_rate as numeric(18, 8)) as sql_rate,
        cast(comparison_count_mqls as integer) as comparison_count_mqls,
        cast(comparison_count_sqls as integer) as comparison_count_sqls,
        cast(comparison_sql_rate as numeric(18, 8)) as comparison_sql_rate,
        cast(incremental_sqls as numeric(18, 6)) as incremental_sqls,
        cast(incremental_sqls_low as numeric(18, 6)) as incremental_sqls_low,
        cast(incremental_sqls_high as numeric(18, 6)) as incremental_sqls_high,
        cast(incremental_pipeline_usd_base as numeric(18, 2)) as incremental_pipeline_usd_base
    from pooled

)

select * from final
