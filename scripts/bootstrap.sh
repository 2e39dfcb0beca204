#!/usr/bin/env bash
# Creates a virtual environment (once) and installs the dev/test
# environment into it. VENV (default .venv) and PYTHON (default python3)
# choose the folder and the interpreter.
#
# The addon itself is not pip-installed: pip would write
# client/<name>.egg-info next to the addon package, and ayon-core's addon
# loader (AYON's developer mode points it at client/) tries to import
# everything it finds there. Instead the dependencies of pyproject.toml
# are installed and client/ is put on the venv's path by a .pth file, so
# the venv imports the working tree (edits apply at once) and client/
# holds nothing but the addon package.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VENV:-$root/.venv}"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
stamp="$venv/.installed"
pth_name="ayon_applications_rez_dev.pth"
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ] \
        || [ "$root/scripts/bootstrap.sh" -nt "$stamp" ]; then
    "$venv/bin/python" -m pip install -q --upgrade pip
    # An earlier bootstrap installed the project editable: undo that and
    # remove the metadata it left in client/.
    if "$venv/bin/python" -m pip show -q ayon-applications-rez-dev \
            >/dev/null 2>&1; then
        "$venv/bin/python" -m pip uninstall -q -y ayon-applications-rez-dev
    fi
    rm -rf "$root/client/ayon_applications_rez_dev.egg-info"
    mapfile -t deps < <("$venv/bin/python" - "$root/pyproject.toml" <<'EOF'
import sys
try:
    import tomllib
except ImportError:  # Python < 3.11: pip vendors a TOML reader
    from pip._vendor import tomli as tomllib
with open(sys.argv[1], "rb") as stream:
    print("\n".join(tomllib.load(stream)["project"]["dependencies"]))
EOF
    )
    "$venv/bin/python" -m pip install -q "${deps[@]}"
    touch "$stamp"
fi
site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
printf '%s\n' "$root/client" > "$site/$pth_name"
