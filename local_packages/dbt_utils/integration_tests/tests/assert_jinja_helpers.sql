-- slugify (used by pivot with quote_identifiers=false) and the generate_series helpers
{{ it_check_values([
    ['slugify spaces and case', dbt_utils.slugify('Light Blue'), 'light_blue'],
    ['slugify dashes and symbols', dbt_utils.slugify("Navy's - Dark!"), 'navys_dark'],
    ['slugify leading digit', dbt_utils.slugify('9 Lives'), '_9_lives'],
    ['get_powers_of_two(1)', dbt_utils.get_powers_of_two(1), 1],
    ['get_powers_of_two(2)', dbt_utils.get_powers_of_two(2), 1],
    ['get_powers_of_two(3)', dbt_utils.get_powers_of_two(3), 2],
    ['get_powers_of_two(1024)', dbt_utils.get_powers_of_two(1024), 10],
    ['get_powers_of_two(1025)', dbt_utils.get_powers_of_two(1025), 11],
]) }}
