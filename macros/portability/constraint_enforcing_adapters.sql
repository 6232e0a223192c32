{#- Adapters that enforce a contract's not_null, unique, primary key and check constraints when
    dbt builds the table (dbt-duckdb and dbt-postgres declare them ENFORCED). On these no data
    test repeats a constraint; elsewhere (Spark: Parquet, no constraints) the generic test
    contract_constraints_hold checks them. -#}
{% macro constraint_enforcing_adapters() %}
    {{- return(['duckdb', 'postgres']) -}}
{% endmacro %}
