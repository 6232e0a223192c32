{#- Salesforce Opportunity rows renamed and typed into the CRM opportunity shape. CloseDate is a
    date (kept as is); CreatedDate a datetime (zoneless ones read in roi_salesforce_timezone). An
    org without multi-currency exports no CurrencyIsoCode: roi_crm_default_currency applies. -#}
{%- set tz = var('roi_salesforce_timezone') -%}

with

source as (

    select * from {{ source('crm', 'salesforce_opportunities') }}

),

renamed as (

    select
        'salesforce' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        nullif(trim(id), '') as crm_opportunity_id,
        nullif(trim(amount), '') as amount_text,
        {{ try_cast_decimal('amount') }} as amount,
        upper(coalesce(
            nullif(trim(currencyisocode), ''), '{{ var("roi_crm_default_currency") }}'
        )) as currency_code,
        nullif(trim(stagename), '') as stage_value,
        cast(null as {{ dbt.type_string() }}) as pipeline_name,
        {{ parse_datetime_utc('createddate', tz) }} as created_at,
        {{ dbt.safe_cast("nullif(trim(closedate), '')", 'date') }} as close_date,
        nullif(trim(closedate), '') as close_text,
        case lower(trim(isclosed))
            when 'true' then true
            when 'false' then false
        end as is_closed_flag,
        case lower(trim(iswon))
            when 'true' then true
            when 'false' then false
        end as is_won_flag
    from source

)

select * from renamed
