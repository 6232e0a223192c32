{%- set z = var('roi_ci_z') -%}
{#- One row per AI-assisted cohort (cohort_type ai_assisted: one per workflow; ai_assisted_any:
    all AI-assisted MQLs, workflow_id null), pooled over its mature MQL months that have a
    same-month untagged comparison: MQLs, SQLs and the pooled AI and untagged MQL->SQL rates of
    those months, incremental SQLs with their 95% range, and their pipeline value. Monthly
    cohorts are independent samples, so their variances add: the range is incremental SQLs
    -/+ z x sqrt(sum of the monthly variances). The one home of this pooling: the workflow
    pipeline value (int_pipeline_value_by_workflow) and the mart fct_mql_sql_lift_over_mature_months
    read it. See doc formula_workflow_pipeline_value. -#}

with

cohorts as (

    select * from {{ ref('int_mql_cohorts_compared') }}
    where cohort_type in ('ai_assisted', 'ai_assisted_any')

),

pooled as (

    select
        cohort_type,
        workflow_id,
        count(*) as count_mature_months,
        sum(count_mqls) as count_mqls,
        sum(count_sqls) as count_sqls,
        sum(comparison_count_mqls) as comparison_count_mqls,
        sum(comparison_count_sqls) as comparison_count_sqls,
        {#- Rounded: a sum of doubles depends on the order rows are added in. -#}
        {{ round_double('sum(incremental_sqls)') }} as incremental_sqls,
        {{ round_double(
            'sum(incremental_sqls_standard_error * incremental_sqls_standard_error)'
        ) }} as incremental_sqls_variance,
        sum(incremental_pipeline_usd_base) as incremental_pipeline_usd_base
    from cohorts
    where is_mature and lift_standard_error is not null
    group by cohort_type, workflow_id

),

final as (

    select
        cohort_type,
        workflow_id,
        count_mature_months,
        count_mqls,
        count_sqls,
        cast(count_sqls as double precision) / count_mqls as sql_rate,
        comparison_count_mqls,
        comparison_count_sqls,
        cast(comparison_count_sqls as double precision) / comparison_count_mqls
            as comparison_sql_rate,
        incremental_sqls,
        incremental_sqls - {{ z }} * sqrt(incremental_sqls_variance) as incremental_sqls_low,
        incremental_sqls + {{ z }} * sqrt(incremental_sqls_variance) as incremental_sqls_high,
        incremental_pipeline_usd_base
    from pooled

)

select * from final
