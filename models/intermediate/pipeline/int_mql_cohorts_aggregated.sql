{#- One row per MQL month and cohort: the AI-assisted MQLs of each workflow (a person carrying
    signals of two workflows counts in both), all AI-assisted MQLs (workflow null), and the
    untagged MQLs (the same-period comparison group). An MQL is a funnel person (the leads of
    one email in both CRMs are one MQL). MQLs, SQLs, and the median and 75th percentile of days
    MQL->SQL of the SQLs. Persons without an MQL date join no cohort. -#}

with

leads as (

    select
        funnel_person_id,
        mql_month,
        is_sql,
        days_mql_to_sql,
        is_ai_assisted
    from {{ ref('int_leads_merged_to_persons') }}
    where mql_month is not null

),

lead_persons as (

    select
        lead_id,
        funnel_person_id
    from {{ ref('int_leads_unified') }}

),

lead_signals as (

    select
        lead_id,
        workflow_id
    from {{ ref('int_lead_ai_signals_matched') }}

),

signals as (

    select distinct
        lead_persons.funnel_person_id,
        lead_signals.workflow_id
    from lead_signals
    inner join lead_persons
        on lead_signals.lead_id = lead_persons.lead_id

),

cohort_members as (

    select
        leads.mql_month,
        'ai_assisted' as cohort_type,
        signals.workflow_id,
        leads.is_sql,
        leads.days_mql_to_sql
    from leads
    inner join signals
        on leads.funnel_person_id = signals.funnel_person_id
    union all
    select
        mql_month,
        case when is_ai_assisted then 'ai_assisted_any' else 'non_ai' end as cohort_type,
        cast(null as {{ dbt.type_string() }}) as workflow_id,
        is_sql,
        days_mql_to_sql
    from leads

),

final as (

    select
        mql_month,
        cohort_type,
        workflow_id,
        count(*) as count_mqls,
        sum(case when is_sql then 1 else 0 end) as count_sqls,
        percentile_cont(0.5) within group (order by days_mql_to_sql) as median_days_mql_to_sql,
        percentile_cont(0.75) within group (order by days_mql_to_sql) as p75_days_mql_to_sql
    from cohort_members
    group by mql_month, cohort_type, workflow_id

)

select * from final
