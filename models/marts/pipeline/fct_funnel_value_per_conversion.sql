{#- One row per funnel entry stage: what one entry (a click, a lead, an MQL) is worth, derived
    from the funnel two ways (entry->SQL rate x SQL value; won USD per entry), beside the value
    agreed in seed micro_conversion_values. See doc formula_value_per_conversion. -#}

with

entries as (

    select * from {{ ref('int_funnel_entries_counted') }}

),

context as (

    select
        as_of_date,
        sql_value_usd
    from {{ ref('int_pipeline_measurement_context') }}

),

agreed_values as (

    select
        conversion_type,
        valid_from,
        valid_to,
        value_usd
    from {{ ref('int_micro_conversion_values_in_force') }}

),

final as (

    select
        cast(entries.entry_stage as {{ dbt.type_string() }}) as entry_stage,
        cast(entries.count_entries as integer) as count_entries,
        cast(entries.count_sqls as integer) as count_sqls,
        cast(entries.count_won_deals as integer) as count_won_deals,
        cast(entries.won_amount_usd as numeric(18, 2)) as won_amount_usd,
        cast(
            cast(entries.count_sqls as double precision) / nullif(entries.count_entries, 0)
            as numeric(18, 8)
        ) as entry_to_sql_rate,
        cast(context.sql_value_usd as numeric(18, 2)) as sql_value_usd,
        cast(
            cast(entries.count_sqls as double precision) / nullif(entries.count_entries, 0)
            * context.sql_value_usd as numeric(18, 2)
        ) as value_per_entry_from_sql_value_usd,
        cast(
            entries.won_amount_usd / nullif(entries.count_entries, 0) as numeric(18, 2)
        ) as value_per_entry_from_won_deals_usd,
        cast(agreed_values.value_usd as numeric(18, 2)) as agreed_value_per_entry_usd
    from entries
    cross join context
    left join agreed_values
        on
            entries.entry_stage = agreed_values.conversion_type
            and context.as_of_date >= agreed_values.valid_from
            and (agreed_values.valid_to is null or context.as_of_date < agreed_values.valid_to)

)

select * from final
