{#- Every lead row of both CRMs (HubSpot contacts, Salesforce leads) in one shape, with the
    reason it cannot be used (null when it can). stg_crm__leads and its quarantine twin both read
    this model, so each raw row lands in exactly one of them.

    A table, not a view: parsing, hashing and ranking every export of every lead is the
    expensive part of the CRM chain, and the clean and quarantine models, their data tests and
    the lead intermediates all read it (as a view each of them computed it again). Lead exports
    are snapshots (the latest export of a lead wins), so it is rebuilt whole. -#}
{{ config(materialized='table') }}

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

final as (

    {#- A record re-exported in a later file: the row of the file whose name sorts last wins
        (exports carry their date in the name), whatever order the files were loaded in. -#}
    select
        *,
        {{ quarantine_superseded_exports('lead_id') }} as quarantine_reason
    from validated

)

select * from final
