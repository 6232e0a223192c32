{#- One row per workflow that has A/B tests: its tests, those that prove a lift, the weeks they
    span and the annualised pipeline value of the lifts that count. The values are computed
    once, in int_performance_lift_value_by_workflow (which fct_workflow_roi also reads); this
    mart publishes them for the dashboard and `roi results`. -#}

with

lift_value as (

    select * from {{ ref('int_performance_lift_value_by_workflow') }}

),

final as (

    select
        workflow_id,
        n_tests,
        n_significant_tests,
        first_test_date,
        last_test_date,
        weeks_observed,
        additional_clicks,
        additional_clicks_annualised,
        lift_value_usd_low,
        lift_value_usd_base,
        lift_value_usd_high,
        evidence_maturity,
        method
    from lift_value

)

select * from final
