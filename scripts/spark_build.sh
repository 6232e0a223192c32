#!/usr/bin/env bash
# `make spark`: the project's whole dbt build on a local Apache Spark session (dbt-spark, method
# session), outside the default test suite. Needs Java 17+ and PyPI (pip) only. Creates
# .venv-spark from requirements-spark.txt when missing, then python_helpers/devtools/spark_build.py loads
# the sample extracts with the loader, registers them in Spark and runs `dbt build` on the spark
# target (profiles/profiles.yml). Spark listens on loopback only, with no UI; its warehouse and
# Derby metastore live under ROI_SPARK_DIR (default .roi/spark, ignored by git).
# Usage: bash scripts/spark_build.sh [--scale 0.2]
set -euo pipefail
cd "$(dirname "$0")/.."

SPARK_VENV=${ROI_SPARK_VENV:-$PWD/.venv-spark}
export ROI_SPARK_VENV=$SPARK_VENV
export ROI_SPARK_DIR=${ROI_SPARK_DIR:-$PWD/.roi/spark}
export SPARK_LOCAL_IP=127.0.0.1
export DBT_SEND_ANONYMOUS_USAGE_STATS=false DO_NOT_TRACK=1 GX_ANALYTICS_ENABLED=False

if ! command -v java >/dev/null; then
    echo "Java 17 or later is needed for Spark (Debian: apt-get install -y openjdk-17-jre-headless)" >&2
    exit 1
fi
# The main environment (.venv, dbt packages) generates and loads the sample extracts.
if [ ! -x .venv/bin/roi ] || [ ! -d dbt_packages/dbt_utils ]; then
    make --no-print-directory setup
fi
stamp="$SPARK_VENV/.installed-$(sha1sum requirements-spark.txt | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    echo "creating $SPARK_VENV from requirements-spark.txt ..."
    test -x "$SPARK_VENV/bin/python" || python3 -m venv "$SPARK_VENV"
    "$SPARK_VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-spark.txt
    rm -f "$SPARK_VENV"/.installed-*
    touch "$stamp"
fi
exec .venv/bin/python -m python_helpers.devtools.spark_build "$@"
