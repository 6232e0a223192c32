{#- One row: the efficiency dimension at a glance (the QBR summary's fallback when
    fct_roi_summary is not built). Valued workflows have a baseline and a base saving; their
    savings add lows to lows and highs to highs. Workflows without a baseline are counted, never
    valued. -#}

with

workflows as (

    select
        *,
        has_baseline and annual_savings_usd_base is not null as is_valued
    from {{ ref('fct_workflow_time_savings') }}

),

final as (

    select
        cast('efficiency' as {{ dbt.type_string() }}) as dimension,
        cast(count(case when is_valued then 1 end) as integer) as count_workflows_valued,
        cast(count(case when not has_baseline then 1 end) as integer)
            as count_workflows_without_baseline,
        {#- Rounded: a sum of doubles depends on the order rows are added in. #}
        {{ round_double(
            'coalesce(sum(case when is_valued then annual_hours_saved end), 0)', 6
        ) }} as annual_hours_saved,
        cast(
            coalesce(sum(case when is_valued then annual_savings_usd_low end), 0)
            as numeric(18, 2)
        ) as annual_savings_usd_low,
        cast(
            coalesce(sum(case when is_valued then annual_savings_usd_base end), 0)
            as numeric(18, 2)
        ) as annual_savings_usd_base,
        cast(
            coalesce(sum(case when is_valued then annual_savings_usd_high end), 0)
            as numeric(18, 2)
        ) as annual_savings_usd_high
    from workflows

)

select * from final
