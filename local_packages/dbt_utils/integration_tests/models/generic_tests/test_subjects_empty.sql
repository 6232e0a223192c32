-- no rows at all: an empty relation (a source nobody has landed yet)
select * from {{ ref('data_test_subjects') }}
where 1 = 0
