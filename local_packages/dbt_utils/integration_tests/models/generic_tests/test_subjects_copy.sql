select * from {{ ref('data_test_subjects') }}
