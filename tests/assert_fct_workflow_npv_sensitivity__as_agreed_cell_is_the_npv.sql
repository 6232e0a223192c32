{#- The sensitivity grid's cell at the agreed unit value and planned adoption is the base-case
    NPV of fct_workflow_npv (to the cent): the grid varies the same case, it does not build
    another. A row returned names a workflow whose cell disagrees (or has no such cell). -#}

with

as_agreed_cells as (

    select
        workflow_id,
        net_present_value_usd
    from {{ ref('fct_workflow_npv_sensitivity') }}
    where is_as_agreed

),

npv as (

    select
        workflow_id,
        net_present_value_usd_base
    from {{ ref('fct_workflow_npv') }}
    where has_baseline

),

disagreements as (

    select
        npv.workflow_id,
        npv.net_present_value_usd_base,
        as_agreed_cells.net_present_value_usd as as_agreed_cell_usd
    from npv
    inner join as_agreed_cells
        on npv.workflow_id = as_agreed_cells.workflow_id
    where abs(as_agreed_cells.net_present_value_usd - npv.net_present_value_usd_base) > 0.011

)

select * from disagreements
