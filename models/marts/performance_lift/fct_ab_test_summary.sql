{#- One row: the A/B test library at a glance (the quality view's headline figures). A test
    proves a lift when it is significant as the ROI call uses it (is_significant_in_use) and its
    split is sound (no sample-ratio mismatch); the pipeline value of proven lifts adds lows to
    lows and highs to highs. -#}

with

tests as (

    select
        *,
        counts_towards_value as has_proven_lift
    from {{ ref('int_ab_test_arms_compared') }}

),

final as (

    select
        cast('performance_lift' as {{ dbt.type_string() }}) as dimension,
        cast(count(*) as integer) as count_tests,
        cast(count(case when has_proven_lift then 1 end) as integer)
            as count_tests_with_proven_lift,
        cast(count(case when has_sample_ratio_mismatch then 1 end) as integer)
            as count_tests_with_sample_ratio_mismatch,
        {#- Rounded: a sum of doubles depends on the order rows are added in. #}
        {{ round_double(
            'coalesce(sum(case when has_proven_lift then pipeline_value_usd_low end), 0)', 2
        ) }} as proven_lift_pipeline_value_usd_low,
        {{ round_double(
            'coalesce(sum(case when has_proven_lift then pipeline_value_usd_base end), 0)', 2
        ) }} as proven_lift_pipeline_value_usd_base,
        {{ round_double(
            'coalesce(sum(case when has_proven_lift then pipeline_value_usd_high end), 0)', 2
        ) }} as proven_lift_pipeline_value_usd_high
    from tests

)

select * from final
