with

roles as (

    select
        role_id,
        role_name,
        base_salary_usd,
        loading_factor,
        annual_hours
    from {{ ref('roles') }}

),

final as (

    select
        cast(role_id as {{ dbt.type_string() }}) as role_id,
        cast(role_name as {{ dbt.type_string() }}) as role_name,
        cast(base_salary_usd as numeric(18, 2)) as base_salary_usd,
        cast(loading_factor as numeric(8, 4)) as loading_factor,
        cast(annual_hours as integer) as annual_hours
    from roles

)

select * from final
