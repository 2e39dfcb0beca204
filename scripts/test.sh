#!/usr/bin/env bash
# Sets up the environment when needed, then runs ruff and the test suite.
# Where a Python 3.9 is found (the oldest the AYON launcher runs), the
# suite runs under it too, in .venv39.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/bootstrap.sh"
# memcached for the caching tests, Graphviz's dot for the resolve graph
missing=()
command -v memcached >/dev/null 2>&1 || missing+=(memcached)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            "${missing[@]}" >/dev/null
    else
        echo "the tests need Debian's packages: ${missing[*]}" \
             "(memcached: caching tests; graphviz: resolve graph)" >&2
        exit 1
    fi
fi
cd "$root"
.venv/bin/ruff check .
# pytest-xdist: one worker per core (2 on CI); PYTEST_WORKERS overrides.
workers="${PYTEST_WORKERS:-auto}"
.venv/bin/python -m pytest -n "$workers" "$@"

python39=""
for candidate in python3.9 "$(pyenv root 2>/dev/null)"/versions/3.9*/bin/python; do
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 9)' \
            >/dev/null 2>&1; then
        python39="$candidate"
        break
    fi
done
if [ -n "$python39" ]; then
    echo "== the suite again under $("$python39" --version)"
    VENV="$root/.venv39" PYTHON="$python39" bash "$root/scripts/bootstrap.sh"
    .venv39/bin/python -m pytest -p no:cacheprovider -n "$workers" "$@"
else
    echo "== no Python 3.9 here: the suite ran under $(.venv/bin/python --version) only"
fi
