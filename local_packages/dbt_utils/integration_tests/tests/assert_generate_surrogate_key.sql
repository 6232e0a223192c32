-- keys must equal the md5 values worked out by hand in seeds/expected_surrogate_key.csv
{{ it_rows_differ(
    "select case_id, key_a, key_ab, key_an from " ~ ref('test_generate_surrogate_key'),
    "select case_id, key_a, key_ab, key_an from " ~ ref('expected_surrogate_key')
) }}
