#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries for the PostgreSQL tests when they are missing.
# The tests start their own throwaway server (python_helpers/devtools/pg_server.py); the packaged cluster
# is not used, and nothing is downloaded from anywhere but the Debian archive.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is missing: run 'sudo apt-get install -y postgresql' (Debian)" >&2
    exit 1
fi
echo "installing Debian's postgresql for the PostgreSQL tests ..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
