{#- One row per ROI dimension: measured, or not measured for lack of data, and what to land.
    The dashboard's empty-state cards, `roi results` and the QBR summary read it. -#}

with

dimensions as (

    select * from {{ ref('int_measurement_status_by_dimension') }}

),

final as (

    select
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_name as {{ dbt.type_string() }}) as dimension_name,
        cast(measurement_status as {{ dbt.type_string() }}) as measurement_status,
        cast(landing_folder as {{ dbt.type_string() }}) as landing_folder,
        cast(exports_to_land as {{ dbt.type_string() }}) as exports_to_land,
        cast(count_source_rows as {{ dbt.type_bigint() }}) as count_source_rows,
        cast(measurement_status_message as {{ dbt.type_string() }})
            as measurement_status_message
    from dimensions

)

select * from final
