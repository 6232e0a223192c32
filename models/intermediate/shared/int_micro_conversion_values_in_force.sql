{#- One row per row of seed micro_conversion_values: the agreed value of one click, MQL or SQL
    (base, low, high) and the dates it is in force, from its effective_from up to (not
    including) the effective_from of the next row of the same conversion type. The one place
    that decides which agreed value applies on a date: join on
    valid_from <= d and (valid_to is null or d < valid_to). -#}

with

micro_conversion_values as (

    select
        conversion_type,
        effective_from,
        value_usd,
        value_usd_low,
        value_usd_high
    from {{ ref('micro_conversion_values') }}

),

dated as (

    select
        conversion_type,
        effective_from as valid_from,
        lead(effective_from) over (
            partition by conversion_type order by effective_from
        ) as valid_to,
        lag(effective_from) over (
            partition by conversion_type order by effective_from
        ) as previous_valid_from,
        value_usd,
        value_usd_low,
        value_usd_high
    from micro_conversion_values

),

final as (

    select
        {{ dbt_utils.generate_surrogate_key(['conversion_type', 'valid_from']) }}
            as micro_conversion_value_id,
        conversion_type,
        valid_from,
        valid_to,
        previous_valid_from is null as is_first_agreed,
        valid_to is null as is_latest_agreed,
        value_usd,
        value_usd_low,
        value_usd_high
    from dated

)

select * from final
