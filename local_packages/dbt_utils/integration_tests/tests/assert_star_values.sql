-- star() selects the right values under the aliased names
{{ it_rows_differ(
    "select pre_field_1_suf, pre_field_3_suf from " ~ ref('test_star_prefix_suffix'),
    "select field_1, field_3 from " ~ ref('data_star')
) }}
