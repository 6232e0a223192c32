{%- set z = var('roi_ci_z') -%}
{{ config(materialized='table') }}
{#- One row per MQL month and cohort (see int_mql_cohorts_aggregated), each AI-assisted cohort
    beside the untagged MQLs of the same month: absolute and relative lift, the unpooled 95%
    interval of the difference of proportions, incremental SQLs and their pipeline value
    (low / base / high), and whether the cohort is mature. Beside the fixed intervals, the
    sequential (always-valid) ones; while a cohort is still maturing its incremental range uses
    the sequential interval, once mature the fixed one. See the doc blocks
    formula_mql_sql_lift, formula_incremental_pipeline and formula_sequential_interval. -#}

with

cohorts as (

    select * from {{ ref('int_mql_cohorts_aggregated') }}

),

context as (

    select * from {{ ref('int_pipeline_measurement_context') }}

),

comparison as (

    select
        mql_month,
        count_mqls,
        count_sqls
    from cohorts
    where cohort_type = 'non_ai'

),

rated as (

    select
        cohorts.mql_month,
        cohorts.cohort_type,
        cohorts.workflow_id,
        cohorts.cohort_type <> 'non_ai' as is_ai_assisted,
        cohorts.count_mqls,
        cohorts.count_sqls,
        cast(cohorts.count_sqls as double precision) / cohorts.count_mqls as sql_rate,
        cohorts.median_days_mql_to_sql,
        cohorts.p75_days_mql_to_sql,
        comparison.count_mqls as comparison_count_mqls,
        comparison.count_sqls as comparison_count_sqls,
        case
            when comparison.count_mqls > 0
                then cast(comparison.count_sqls as double precision) / comparison.count_mqls
        end as comparison_sql_rate,
        {{ cohort_matures_on('cohorts.mql_month', 'context.cohort_maturity_window_days') }}
            as cohort_matures_on,
        context.as_of_date,
        context.sql_value_usd,
        context.sql_value_usd_low,
        context.sql_value_usd_high
    from cohorts
    cross join context
    left join comparison
        on
            cohorts.mql_month = comparison.mql_month
            and cohorts.cohort_type <> 'non_ai'

),

lifted as (

    select
        *,
        sql_rate - comparison_sql_rate as absolute_lift,
        case
            when comparison_sql_rate > 0 then sql_rate / comparison_sql_rate - 1
        end as relative_lift,
        {{ two_proportion_standard_error(
            'sql_rate', 'count_mqls', 'comparison_sql_rate', 'comparison_count_mqls') }}
            as lift_standard_error,
        {{ relative_lift_variance(
            'sql_rate', 'count_mqls', 'comparison_sql_rate', 'comparison_count_mqls') }}
            as relative_lift_variance
    from rated

),

valued as (

    select
        *,
        absolute_lift - {{ z }} * lift_standard_error as absolute_lift_ci_low,
        absolute_lift + {{ z }} * lift_standard_error as absolute_lift_ci_high,
        relative_lift - {{ z }} * sqrt(relative_lift_variance) as relative_lift_ci_low,
        relative_lift + {{ z }} * sqrt(relative_lift_variance) as relative_lift_ci_high,
        {#- Always-valid intervals: N = MQLs in the cohort and in its comparison. -#}
        absolute_lift - {{ sequential_interval_halfwidth(
            'lift_standard_error', 'count_mqls + comparison_count_mqls') }}
            as absolute_lift_seq_low,
        absolute_lift + {{ sequential_interval_halfwidth(
            'lift_standard_error', 'count_mqls + comparison_count_mqls') }}
            as absolute_lift_seq_high,
        relative_lift - {{ sequential_interval_halfwidth(
            'sqrt(relative_lift_variance)', 'count_mqls + comparison_count_mqls') }}
            as relative_lift_seq_low,
        relative_lift + {{ sequential_interval_halfwidth(
            'sqrt(relative_lift_variance)', 'count_mqls + comparison_count_mqls') }}
            as relative_lift_seq_high,
        coalesce(cast(cohort_matures_on as date) <= as_of_date, false) as is_mature_cohort
    from lifted

),

ranged as (

    {#- While a cohort is still maturing its range uses the sequential interval (the nightly
        rebuild looks at it every day); once mature, the fixed one. -#}
    select
        *,
        case
            when lift_standard_error is null then null
            when is_mature_cohort then 'fixed'
            else 'sequential'
        end as interval_in_use,
        coalesce(absolute_lift_seq_low > 0 or absolute_lift_seq_high < 0, false)
            as is_significant_sequential,
        count_mqls * absolute_lift as incremental_sqls,
        count_mqls * case
            when is_mature_cohort then absolute_lift_ci_low else absolute_lift_seq_low
        end as incremental_sqls_low,
        count_mqls * case
            when is_mature_cohort then absolute_lift_ci_high else absolute_lift_seq_high
        end as incremental_sqls_high
    from valued

),

final as (

    select
        {{ dbt.concat([
            'cast(mql_month as ' ~ dbt.type_string() ~ ')',
            "'|'",
            'cohort_type',
            "'|'",
            "coalesce(workflow_id, 'all')",
        ]) }} as cohort_id,
        mql_month,
        cohort_type,
        workflow_id,
        is_ai_assisted,
        count_mqls,
        count_sqls,
        {#- Rates to 8 places, SQL counts to 6, dollars to cents: exact enough to read, and
            equal on DuckDB (doubles) and PostgreSQL (numerics). -#}
        cast(sql_rate as numeric(18, 8)) as sql_rate,
        cast(median_days_mql_to_sql as numeric(18, 4)) as median_days_mql_to_sql,
        cast(p75_days_mql_to_sql as numeric(18, 4)) as p75_days_mql_to_sql,
        comparison_count_mqls,
        comparison_count_sqls,
        cast(comparison_sql_rate as numeric(18, 8)) as comparison_sql_rate,
        cast(absolute_lift as numeric(18, 8)) as absolute_lift,
        cast(relative_lift as numeric(18, 8)) as relative_lift,
        cast(lift_standard_error as numeric(18, 8)) as lift_standard_error,
        cast(absolute_lift_ci_low as numeric(18, 8)) as absolute_lift_ci_low,
        cast(absolute_lift_ci_high as numeric(18, 8)) as absolute_lift_ci_high,
        cast(relative_lift_ci_low as numeric(18, 8)) as relative_lift_ci_low,
        cast(relative_lift_ci_high as numeric(18, 8)) as relative_lift_ci_high,
        cast(absolute_lift_seq_low as numeric(18, 8)) as absolute_lift_seq_low,
        cast(absolute_lift_seq_high as numeric(18, 8)) as absolute_lift_seq_high,
        cast(relative_lift_seq_low as numeric(18, 8)) as relative_lift_seq_low,
        cast(relative_lift_seq_high as numeric(18, 8)) as relative_lift_seq_high,
        is_significant_sequential,
        interval_in_use,
        cast(incremental_sqls as numeric(18, 6)) as incremental_sqls,
        cast(incremental_sqls_low as numeric(18, 6)) as incremental_sqls_low,
        cast(incremental_sqls_high as numeric(18, 6)) as incremental_sqls_high,
        cast(incremental_sqls * sql_value_usd as numeric(18, 2)) as incremental_pipeline_usd_base,
        cast(least(
            incremental_sqls_low * sql_value_usd_low, incremental_sqls_low * sql_value_usd_high
        ) as numeric(18, 2)) as incremental_pipeline_usd_low,
        cast(greatest(
            incremental_sqls_high * sql_value_usd_low, incremental_sqls_high * sql_value_usd_high
        ) as numeric(18, 2)) as incremental_pipeline_usd_high,
        cast(count_mqls * lift_standard_error as double precision)
            as incremental_sqls_standard_error,
        cast(cohort_matures_on as date) as cohort_matures_on,
        cast(cohort_matures_on as date) <= as_of_date as is_mature
    from ranged

)

select * from final
