#!/usr/bin/env bash
# Installs Debian's Chromium for the dashboard's browser test when it is missing.
# Playwright (from requirements.lock) drives it; no browser is downloaded from anywhere else.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' (Debian)" >&2
    exit 1
fi
echo "installing Debian's chromium for the dashboard browser test ..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
