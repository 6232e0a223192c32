{#- Every lead row of both CRMs (HubSpot contacts, Salesforce leads) in one shape, with the
    reason it cannot be used (null when it can). stg_crm__leads and its quarantine twin both read
    this model, so each raw row lands in exactly one of them. -#}

with

hubspot_contacts as (

    select * from {{ ref('base_crm__hubspot_contacts') }}

),

salesforce_leads as (

    select * from {{ ref('base_crm__salesforce_leads') }}

),

unioned as (

    select * from hubspot_contacts
    union all
    select * from salesforce_leads

),

keyed as (

    select
        *,
        {{ dbt_utils.generate_surrogate_key(['source_system', 'crm_lead_id']) }} as lead_id
    from unioned

),

validated as (

    select
        *,
        case
            when crm_lead_id is null then 'missing_lead_id'
            when created_at is null then 'missing_or_unparseable_created_at'
            when
                (mql_text is not null and mql_at is null)
                or (sql_text is not null and sql_at is null)
                then 'unparseable_stage_date'
            when
                mql_at is not null and sql_at is not null
                and (
                    (has_sql_time and sql_at < mql_at)
                    or (not has_sql_time and cast(sql_at as date) < cast(mql_at as date))
                )
                then 'sql_before_mql'
        end as invalid_reason
    from keyed

),

ranked as (

    {#- A contact re-exported in a later file: the row of the file whose name sorts last wins
        (exports carry their date in the name), whatever order the files were loaded in. -#}
    select
        file_checksum,
        source_row_number,
        row_number() over (
            partition by lead_id
            order by source_file desc, loaded_at desc, source_row_number desc
        ) as delivery_rank
    from validated
    where invalid_reason is null

),

final as (

    select
        validated.*,
        case
            when validated.invalid_reason is not null then validated.invalid_reason
            when ranked.delivery_rank > 1 then 'superseded_by_later_export'
        end as quarantine_reason
    from validated
    left join ranked
        on
            validated.file_checksum = ranked.file_checksum
            and validated.source_row_number = ranked.source_row_number

)

select * from final
