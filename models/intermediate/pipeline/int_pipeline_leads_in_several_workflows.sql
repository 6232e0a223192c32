{{ config(materialized='table') }}
{#- Not a view: each of its data tests recomputed it (docs/nightly_run.md). -#}
{#- One row per funnel person and workflow for the MQLs tagged by more than one workflow. Such
    a person is in each of its n workflows' AI cohort, so each workflow's same-period value counts
    the person's (is SQL - the month's untagged SQL rate) incremental SQLs; counted once, each
    would get 1/n of it, so (n - 1) / n of it is counted again. `overlap_sqls_per_year` is that
    double-counted part, annualised like the workflow's value (x 12 / months observed), on
    the months that value uses (mature, with a comparison); null on other months. The signals
    of a person's leads in both CRMs are the person's. -#}

with

lead_signals as (

    select
        lead_id,
        workflow_id
    from {{ ref('int_lead_ai_signals_matched') }}

),

lead_persons as (

    select
        lead_id,
        funnel_person_id
    from {{ ref('int_leads_unified') }}

),

signals as (

    select distinct
        lead_persons.funnel_person_id,
        lead_signals.workflow_id
    from lead_signals
    inner join lead_persons
        on lead_signals.lead_id = lead_persons.lead_id

),

leads as (

    select
        funnel_person_id,
        mql_month,
        is_sql
    from {{ ref('int_leads_merged_to_persons') }}
    where mql_month is not null

),

cohort_months as (

    select
        workflow_id,
        mql_month,
        comparison_sql_rate
    from {{ ref('int_mql_cohorts_compared') }}
    where cohort_type = 'ai_assisted' and is_mature and lift_standard_error is not null

),

pipeline_values as (

    select
        workflow_id,
        months_observed
    from {{ ref('int_pipeline_value_by_workflow') }}

),

workflows_per_lead as (

    select
        funnel_person_id,
        count(*) as count_workflows
    from signals
    group by funnel_person_id

),

shared_leads as (

    select
        signals.funnel_person_id,
        signals.workflow_id,
        leads.mql_month,
        leads.is_sql,
        workflows_per_lead.count_workflows
    from signals
    inner join workflows_per_lead
        on signals.funnel_person_id = workflows_per_lead.funnel_person_id
    inner join leads
        on signals.funnel_person_id = leads.funnel_person_id
    where workflows_per_lead.count_workflows > 1

)

select
    {{ dbt.concat(['shared_leads.funnel_person_id', "'|'", 'shared_leads.workflow_id']) }}
        as person_workflow_id,
    shared_leads.funnel_person_id,
    shared_leads.workflow_id,
    shared_leads.mql_month,
    shared_leads.is_sql,
    shared_leads.count_workflows,
    {#- In double precision on every warehouse: decimal division keeps a warehouse-specific
        scale (Spark's 6 digits moved the total by dollars). -#}
    (
        case when shared_leads.is_sql then 1.0 else 0.0 end
        - cast(cohort_months.comparison_sql_rate as double precision)
    )
    * cast(shared_leads.count_workflows - 1 as double precision)
    / cast(shared_leads.count_workflows as double precision)
    * 12.0 / cast(pipeline_values.months_observed as double precision)
        as overlap_sqls_per_year
from shared_leads
left join cohort_months
    on
        shared_leads.workflow_id = cohort_months.workflow_id
        and shared_leads.mql_month = cohort_months.mql_month
left join pipeline_values
    on shared_leads.workflow_id = pipeline_values.workflow_id
