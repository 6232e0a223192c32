{#- Every deal / opportunity row of both CRMs in one shape, with the reason it cannot be used
    (null when it can). An amount that is missing, negative or not a plain number ("$8,000") is
    quarantined, never guessed; a currency without a rate in the seed fx_rates is quarantined,
    never summed as if it were dollars (the one lookup staging does: it decides validity). An
    amount above its currency's ceiling in the seed plausibility_rules is quarantined with the
    rule's reason (a view, so an edited ceiling applies on the next plain build). -#}

with

hubspot_deals as (

    select * from {{ ref('base_crm__hubspot_deals') }}

),

salesforce_opportunities as (

    select * from {{ ref('base_crm__salesforce_opportunities') }}

),

known_currencies as (

    select distinct upper(trim(currency_code)) as currency_code
    from {{ ref('fx_rates') }}

),

amount_ceilings as (

    select
        upper(trim(currency_code)) as currency_code,
        limit_value as amount_ceiling,
        reason_code as amount_ceiling_reason
    from {{ ref('plausibility_rules') }}
    where rule_id = 'opportunity_amount_ceiling'

),

unioned as (

    select * from hubspot_deals
    union all
    select * from salesforce_opportunities

),

keyed as (

    select
        unioned.*,
        known_currencies.currency_code is not null as is_known_currency,
        amount_ceilings.amount_ceiling,
        amount_ceilings.amount_ceiling_reason,
        {{ dbt_utils.generate_surrogate_key([
            'unioned.source_system', 'unioned.crm_opportunity_id'
        ]) }} as opportunity_id
    from unioned
    left join known_currencies
        on unioned.currency_code = known_currencies.currency_code
    left join amount_ceilings
        on unioned.currency_code = amount_ceilings.currency_code

),

validated as (

    select
        *,
        case
            when crm_opportunity_id is null then 'missing_opportunity_id'
            when amount_text is null then 'missing_amount'
            when {{ is_decimal_out_of_range('amount_text') }} then 'amount_out_of_range'
            when amount is null then 'amount_not_a_number'
            when amount < 0 then 'negative_amount'
            when not is_known_currency then 'unknown_currency'
            when amount > amount_ceiling then amount_ceiling_reason
            when close_text is not null and close_date is null then 'unparseable_close_date'
        end as invalid_reason
    from keyed

),

final as (

    {#- A record re-exported in a later file: the row of the file whose name sorts last wins
        (exports carry their date in the name), whatever order the files were loaded in. -#}
    select
        *,
        {{ quarantine_superseded_exports('opportunity_id') }} as quarantine_reason
    from validated

)

select * from final
