-- one row fewer than data_test_subjects
select * from {{ ref('data_test_subjects') }}
where id <> 4
