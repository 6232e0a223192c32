{#- Salesforce Lead rows renamed and typed into the CRM lead shape. The MQL and SQL dates are the
    custom fields MQL_Date__c / SQL_Date__c; a converted lead without SQL_Date__c reached SQL on
    its ConvertedDate (a date without time, so has_sql_time is false and ordering checks compare
    dates). Datetimes without an offset are read in roi_salesforce_timezone. -#}
{%- set tz = var('roi_salesforce_timezone') -%}

with

source as (

    select * from {{ source('crm', 'salesforce_leads') }}

),

renamed as (

    select
        'salesforce' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        nullif(trim(id), '') as crm_lead_id,
        {{ hash_pii(normalize_email('email')) }} as person_id,
        nullif(trim(status), '') as stage_value,
        nullif(trim(leadsource), '') as lead_source,
        {{ parse_datetime_utc('createddate', tz) }} as created_at,
        {{ parse_datetime_utc('mql_date_c', tz) }} as mql_at,
        case
            when nullif(trim(sql_date_c), '') is not null
                then {{ parse_datetime_utc('sql_date_c', tz) }}
            else cast({{ dbt.safe_cast("nullif(trim(converteddate), '')", 'date') }} as timestamp)
        end as sql_at,
        nullif(trim(sql_date_c), '') is not null as has_sql_time,
        cast({{ dbt.safe_cast("nullif(trim(converteddate), '')", 'date') }} as timestamp)
            as opportunity_entered_at,
        nullif(trim(convertedopportunityid), '') as converted_opportunity_id,
        lower(trim(ai_scored_c)) as ai_scored_value,
        lower(trim(ai_nurtured_c)) as ai_nurtured_value,
        lower(trim(ai_routed_c)) as ai_routed_value,
        cast(null as {{ dbt.type_string() }}) as first_conversion_event_name,
        cast(null as timestamp) as first_conversion_at,
        cast(null as {{ dbt.type_string() }}) as recent_conversion_event_name,
        cast(null as timestamp) as recent_conversion_at,
        nullif(trim(createddate), '') as created_text,
        nullif(trim(mql_date_c), '') as mql_text,
        coalesce(nullif(trim(sql_date_c), ''), nullif(trim(converteddate), '')) as sql_text
    from source

)

select * from renamed
