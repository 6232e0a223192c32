select
    size,
    {{ dbt_utils.pivot(
        'color',
        ['red', 'light blue'],
        agg='max',
        then_value='qty',
        else_value='null',
        prefix='max_',
        suffix='_qty',
        quote_identifiers=false
    ) }},
    {{ dbt_utils.pivot(
        'color',
        ['red'],
        agg='count',
        then_value='qty',
        else_value='null',
        prefix='n_distinct_',
        quote_identifiers=false,
        distinct=true
    ) }},
    {{ dbt_utils.pivot('color', ['red'], cmp='!=', prefix='not_', quote_identifiers=false) }},
    {{ dbt_utils.pivot('color', ['blue'], alias=false) }} as blue_no_alias
from {{ ref('data_pivot') }}
group by size
