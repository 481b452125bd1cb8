#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine (run as root):
# Debian's Chromium for the HTML report tests, then dedup with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
python3 -m pip install -q -e '.[test]'
