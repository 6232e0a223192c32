-- The benchmark's floor: the three headline figures computed by hand, in DuckDB, straight from
-- the raw tables `roi load` writes (and the seed CSVs), with none of dbt's layering, tests or
-- quarantine bookkeeping. It does the work any answer needs (parse, dedupe, map, aggregate) and
-- nothing else, so `dbt build time / floor time` says what the modelled pipeline costs on top.
-- `roi benchmark` replaces {seeds} with the seeds folder and runs the blocks in order; each
-- `-- @result <name>` block returns one result set, the others prepare temporary tables.
-- Simplifications (a floor, not a second pipeline): no overlap check of time entries, the latest
-- HubSpot contact snapshot per contact, CTR as unique human clickers / unique delivered recipients.

-- @prepare time entries: every vendor in one shape, deduplicated by natural key (last file wins)
create or replace temp table floor_time_entries as
with
entries as (
    select
        'toggl' as source_system,
        lower(trim(email)) as person,
        project,
        task,
        description,
        lower(coalesce(tags, '')) as tags,
        strptime(start_date || ' ' || start_time, '%Y-%m-%d %H:%M:%S') as started_at,
        try_cast(split_part(duration, ':', 1) as integer)
        + try_cast(split_part(duration, ':', 2) as integer) / 60
        + try_cast(split_part(duration, ':', 3) as integer) / 3600 as hours,
        _source_file as source_file
    from raw_time_tracking.toggl_time_entries
    union all
    select
        'harvest',
        lower(trim(first_name || ' ' || last_name)),
        project,
        task,
        notes,
        '',
        try_strptime(date, '%Y-%m-%d'),
        try_cast(hours as double),
        _source_file
    from raw_time_tracking.harvest_time_entries
    union all
    select
        'clockify',
        lower(trim(email)),
        project,
        task,
        description,
        lower(coalesce(tags, '')),
        try_strptime(start_date || ' ' || start_time, '%d/%m/%Y %H:%M'),
        try_cast(duration_decimal as double),
        _source_file
    from raw_time_tracking.clockify_time_entries
    union all
    select
        'canonical',
        lower(trim(person_email)),
        project,
        task,
        coalesce(task_instance_id, description),
        lower(coalesce(tags, '')),
        try_cast(started_at as timestamptz)::timestamp,
        try_cast(duration_hours as double),
        _source_file
    from raw_time_tracking.canonical_time_entries
)
select *
from entries
where person is not null and started_at is not null and hours between 0 and 24
qualify row_number() over (
    partition by source_system, person, started_at, project, task, description
    order by source_file desc
) = 1;

-- @result hours_saved_per_workflow
with
rules as (select * from read_csv('{seeds}/efficiency/time_entry_workflow_rules.csv')),
workflows as (select * from read_csv('{seeds}/core/workflows.csv')),
ai_tags as (select lower(tag) as tag from read_csv('{seeds}/efficiency/ai_assist_tags.csv')),
mapped as (
    select
        entries.*,
        rules.workflow_id
    from floor_time_entries as entries
    inner join rules
        on
            lower(entries.project) like rules.project_pattern
            and lower(entries.task) like rules.task_pattern
            and lower(entries.description) like rules.description_pattern
    qualify row_number() over (
        partition by entries.source_system, entries.person, entries.started_at,
        entries.project, entries.task, entries.description
        order by rules.rule_priority
    ) = 1
),
instances as (
    select
        mapped.workflow_id,
        lower(mapped.description) as deliverable,
        sum(mapped.hours) as hours,
        bool_or(list_has_any(
            list_transform(string_split(mapped.tags, ','), lambda tag: trim(tag)),
            (select list(tag) from ai_tags)
        )) as has_ai_tag,
        min(mapped.started_at) as first_started_at
    from mapped
    group by 1, 2
),
classified as (
    select
        instances.workflow_id,
        instances.hours,
        instances.has_ai_tag or (
            workflows.classification_rule = 'go_live_date'
            and instances.first_started_at >= workflows.ai_go_live_date
        ) as is_ai,
        workflows.annual_task_frequency
    from instances
    inner join workflows on instances.workflow_id = workflows.workflow_id
)
select
    workflow_id,
    avg(hours) filter (where not is_ai) as baseline_hours_per_task,
    avg(hours) filter (where is_ai) as ai_hours_per_task,
    (avg(hours) filter (where not is_ai) - avg(hours) filter (where is_ai))
    * any_value(annual_task_frequency) as annual_hours_saved
from classified
group by workflow_id
order by workflow_id;

-- @prepare email events: Marketo and HubSpot in one shape, typed, tied to A/B tests, deduplicated
create or replace temp table floor_email_events as
with
event_types as (select * from read_csv('{seeds}/performance_lift/email_event_types.csv', all_varchar = true)),
events as (
    select
        'marketo' as source_system,
        marketoguid as event_id,
        leadid as recipient,
        activitytypeid as vendor_event_code,
        campaignid as campaign_key,
        json_extract_string(attributes, '$."Test Variant"') as variant,
        coalesce(try_cast(json_extract_string(attributes, '$."Is Bot Activity"') as boolean), false)
            as is_bot,
        _source_file as source_file
    from raw_email_platform.marketo_activities
    union all
    select
        'hubspot',
        id,
        lower(trim(recipient)),
        type,
        emailcampaigngroupid,
        emailcampaignid,
        coalesce(try_cast(filteredevent as boolean), false),
        _source_file
    from raw_email_platform.hubspot_email_events
)
select
    events.source_system,
    events.recipient,
    events.campaign_key,
    events.variant,
    events.is_bot,
    event_types.event_type
from events
inner join event_types
    on
        events.source_system = event_types.source_system
        and events.vendor_event_code = event_types.vendor_event_code
where event_types.event_type in ('delivered', 'click')
qualify row_number() over (
    partition by events.source_system, events.event_id order by events.source_file desc
) = 1;

-- @result ctr_per_test_arm
with
ab_tests as (select * from read_csv('{seeds}/performance_lift/ab_tests.csv', all_varchar = true)),
armed as (
    select
        ab_tests.ab_test_id,
        case
            when events.variant = ab_tests.control_variant then 'control'
            when events.variant = ab_tests.ai_variant then 'ai'
        end as arm,
        events.recipient,
        events.event_type,
        events.is_bot
    from floor_email_events as events
    inner join ab_tests
        on
            events.source_system = ab_tests.source_system
            and events.campaign_key = ab_tests.campaign_key
)
select
    ab_test_id,
    arm,
    count(distinct recipient) filter (where event_type = 'delivered') as delivered_recipients,
    count(distinct recipient) filter (where event_type = 'click' and not is_bot) as human_clickers,
    human_clickers / nullif(delivered_recipients, 0) as click_through_rate
from armed
where arm is not null
group by 1, 2
order by 1, 2;

-- @result mql_to_sql_per_cohort
with
salesforce as (
    select
        lower(trim(email)) as person,
        try_cast(mql_date_c as timestamptz) as mql_at,
        try_cast(sql_date_c as timestamptz) as sql_at,
        'true' in (lower(ai_scored_c), lower(ai_nurtured_c), lower(ai_routed_c)) as is_ai
    from raw_crm.salesforce_leads
),
hubspot as (
    select
        lower(trim(email)) as person,
        try_cast(coalesce(
            hs_v2_date_entered_marketingqualifiedlead, hs_lifecyclestage_marketingqualifiedlead_date
        ) as timestamptz) as mql_at,
        try_cast(coalesce(
            hs_v2_date_entered_salesqualifiedlead, hs_lifecyclestage_salesqualifiedlead_date
        ) as timestamptz) as sql_at,
        'true' in (lower(ai_scored), lower(ai_nurtured), lower(ai_routed)) as is_ai
    from raw_crm.hubspot_contacts
    qualify row_number() over (partition by hs_object_id order by _source_file desc) = 1
),
leads as (
    select * from salesforce
    union all
    select * from hubspot
)
select
    date_trunc('month', mql_at)::date as cohort_month,
    is_ai,
    count(*) as count_mqls,
    count(sql_at) as count_sqls,
    count(sql_at) / count(*) as mql_to_sql_rate
from leads
where mql_at is not null
group by 1, 2
order by 1, 2;
