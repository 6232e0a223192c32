{#- Salesforce campaign members with the reason a row cannot be used (null when it can). A
    member who never responded is clean (it is not a touchpoint, which the intermediate layer
    decides); one marked responded without a response date cannot be placed in time.

    Incremental (one row per raw row, keyed by its lineage): a nightly run reads only raw rows
    loaded within roi_incremental_lookback_days of the latest load it has seen, and ranks every
    campaign membership they carry again together with the earlier rows of those memberships. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source_system', 'file_checksum', 'source_row_number'],
    on_schema_change='fail',
    meta={'full_refresh_when_vars_change': ['roi_salesforce_timezone', 'roi_raw_crm_schema']},
) }}
{%- set membership_key = ['source_system', 'crm_lead_id', 'campaign_id'] -%}
{%- set computed_columns = [
    'lead_id', 'campaign_membership_id', 'member_rank', 'quarantine_reason',
] -%}

with

members_delivered as (

    select * from {{ ref('base_crm__salesforce_campaign_members') }}
    {{- loaded_within_lookback() }}

),

members as (

    {%- if is_incremental() %}
    {#- The delivered rows, and the earlier rows of the memberships they carry (not delivered
        again). -#}
    select {{ previous_columns(except=computed_columns) }} from members_delivered
    union all
    select {{ previous_columns(except=computed_columns) }}
    from {{ this }} as previous
    where
        previous.campaign_membership_id in (
            select {{ dbt_utils.generate_surrogate_key(membership_key) }}
            from members_delivered
        )
        and not exists (
            select 1
            from members_delivered
            where
                members_delivered.file_checksum = previous.file_checksum
                and members_delivered.source_system = previous.source_system
                and members_delivered.source_row_number = previous.source_row_number
        )
    {%- else %}
    select * from members_delivered
    {%- endif %}

),

keyed as (

    select
        *,
        {{ dbt_utils.generate_surrogate_key(['source_system', 'crm_lead_id']) }} as lead_id,
        {{ dbt_utils.generate_surrogate_key(membership_key) }} as campaign_membership_id,
        row_number() over (
            partition by source_system, crm_lead_id, campaign_id
            order by {{ order_latest_delivery_first() }}
        ) as member_rank
    from members

),

final as (

    select
        *,
        case
            when crm_lead_id is null then 'missing_lead_id'
            when campaign_id is null then 'missing_campaign_id'
            when first_responded_text is not null and first_responded_date is null
                then 'unparseable_responded_date'
            when has_responded and first_responded_date is null then 'responded_without_date'
            when member_rank > 1 then 'duplicate_row'
        end as quarantine_reason
    from keyed

)

select * from final
