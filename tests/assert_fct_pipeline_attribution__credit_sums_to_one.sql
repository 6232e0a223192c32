{#- Attribution credit sums to 1 per opportunity and model, and the credited USD to the
    opportunity's amount: no pipeline invented or lost by any model. Returns the offending
    opportunity/model pairs. -#}
with

credits as (

    select
        opportunity_id,
        attribution_model,
        max(opportunity_amount_usd) as opportunity_amount_usd,
        sum(credit_share) as total_credit_share,
        sum(credited_amount_usd) as total_credited_usd
    from {{ ref('fct_pipeline_attribution') }}
    group by opportunity_id, attribution_model

)

select * from credits
where
    abs(total_credit_share - 1) > 0.000001
    or abs(total_credited_usd - opportunity_amount_usd) > 0.01
