{#- HubSpot contact-to-deal associations, renamed. Validation in
    base_crm__deal_contact_associations_validated. -#}

with

source as (

    select * from {{ source('crm', 'hubspot_contact_deal_associations') }}

),

renamed as (

    select
        'hubspot' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        nullif(trim(contact_id), '') as crm_lead_id,
        nullif(trim(deal_id), '') as crm_opportunity_id,
        nullif(trim(association_type_id), '') as association_type_id
    from source

)

select * from renamed
