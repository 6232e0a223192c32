{#- Seed benefit_risk_adjustments holds a row for each method the multi-year case values
    (cost_substitution, incremental_lift, pre_post): a missing method would silently count its
    benefit at 0. A row returned names the method to add to seeds/finance/benefit_risk_adjustments.csv. -#}

with

methods as (

    select 'cost_substitution' as expected_method
    union all
    select 'incremental_lift' as expected_method
    union all
    select 'pre_post' as expected_method

),

adjustments as (

    select method from {{ ref('benefit_risk_adjustments') }}

),

missing_methods as (

    select methods.expected_method as missing_method
    from methods
    left join adjustments
        on methods.expected_method = adjustments.method
    where adjustments.method is null

)

select * from missing_methods
