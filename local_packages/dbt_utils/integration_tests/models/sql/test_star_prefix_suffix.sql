select
    {{ dbt_utils.star(
        from=ref('data_star'),
        relation_alias='src',
        except=['field_2'],
        prefix='pre_',
        suffix='_suf'
    ) }}
from {{ ref('data_star') }} as src
