#!/usr/bin/env bash
# Sets up the environment when needed, then runs ruff and the test suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/bootstrap.sh"
if ! command -v memcached >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq memcached \
            >/dev/null
    else
        echo "memcached is needed by the caching tests:" \
             "install Debian's 'memcached' package" >&2
        exit 1
    fi
fi
cd "$root"
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
