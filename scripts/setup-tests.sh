#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine (run as root):
#
#   bash scripts/setup-tests.sh && python3 -m pytest
#
# - chromium: Debian's browser, driven by the Python `playwright` package in
#   tests/test_report.py (launched with executable_path=/usr/bin/chromium;
#   `playwright install` is not needed and cannot work offline).
# - fonts-dejavu-core: a font, so that the report screenshots are legible.
# - dedup itself, editable, with its test extras (playwright, pytest, ...).
#
# apt is skipped when /usr/bin/chromium is already there; without root it
# goes through sudo when sudo exists.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            SUDO="sudo"
        else
            echo "setup-tests.sh: installing chromium needs root; run it as root" >&2
            exit 2
        fi
    fi
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

python3 -m pip install -q -e '.[test]'
