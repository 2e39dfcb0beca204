#!/usr/bin/env bash
# Launches the demo application of the embedded example through rez:
# shows the composed request and resolve, then starts the app, which
# prints the arguments and environment it received.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/bootstrap.sh"
python="$root/.venv/bin/python"
settings="$root/examples/settings.json"
context=(--project demo --folder /shots/sh010 --task comp
         --task-type Compositing)

echo "== resolve: what the launch will request and get"
REZ_DISABLE_HOME_CONFIG=1 "$python" -m ayon_applications \
    --settings "$settings" resolve --app demoapp/1 "${context[@]}" \
    | sed '/^Environment/,$d'
echo "(resolve also lists every variable with its origin: docs/debugging.md)"
echo
echo "== the same application in a project without the pin of \"demo\""
REZ_DISABLE_HOME_CONFIG=1 "$python" -m ayon_applications \
    --settings "$settings" resolve --app demoapp/1 --project other \
    | sed -n '/^Resolved packages/,/^Command line/p' | sed '$d'
echo
echo "== launch: the demo application starts in the resolved environment"
REZ_DISABLE_HOME_CONFIG=1 exec "$python" -m ayon_applications \
    --settings "$settings" launch --app demoapp/1 "${context[@]}" --wait
