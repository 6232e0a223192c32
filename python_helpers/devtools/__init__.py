"""The toolbox: tools for developing and demonstrating the warehouse, never run by the nightly job.

- sample_data: realistic sample extracts in the vendors' shapes (`roi generate`, `roi demo`);
- benchmark (+ benchmark_floor.sql): timings of the pipeline and its SQL floor (`roi benchmark`);
- spark_build: the whole dbt build on a local Apache Spark session (`make spark`);
- pg_server: a throwaway PostgreSQL server for the tests and a local try-out.

The nightly runtime (`roi load/build/check/publish/report/results/export/doctor` and the modules
they import) never imports this package; tests/python/test_python_architecture.py enforces it.
The CLI imports it lazily, only in the commands above.
"""
