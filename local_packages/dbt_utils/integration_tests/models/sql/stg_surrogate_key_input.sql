-- null, empty string and mixed cases for generate_surrogate_key
{% set string_type = dbt.type_string() %}

select 1 as case_id, cast('a' as {{ string_type }}) as field_a, cast('b' as {{ string_type }}) as field_b, 42 as field_n
union all
select 2, null, 'a', 7
union all
select 3, 'a', null, null
union all
select 4, null, null, null
union all
select 5, '', '', 0
union all
select 6, '', null, -1
