"""Standalone commands that read the AYON server say so when none is set.

``python -m ayon_applications`` has a server only through
``AYON_SERVER_URL``; without it, a command that needs one ends in one line
telling what it could not do and how to give it a server, not in
ayon-python-api's ``Invalid server URL None``.
"""
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

SETTINGS = os.path.join(REPO_ROOT, "examples", "settings.json")
ADVICE = (
    "that needs the AYON server, and none is set. Run the command inside"
    " AYON (ayon addon applications ...), or set AYON_SERVER_URL and"
    " AYON_API_KEY"
)


@pytest.mark.parametrize("args, action", [
    pytest.param(["launch-by-id", "--app", "demoapp/1", "--project", "demo",
                  "--task-id", "abc"],
                 'Cannot read project "demo"', id="launch-by-id"),
    pytest.param(["launch-by-workfile-id", "--app", "demoapp/1",
                  "--project", "demo", "--workfile-id", "abc"],
                 'Cannot read project "demo"', id="launch-by-workfile-id"),
    pytest.param(["launch-debug-terminal", "--project", "demo",
                  "--task-id", "abc"],
                 'Cannot read project "demo"', id="launch-debug-terminal"),
    pytest.param(["rezify-bundle", "--output", "{tmp}"],
                 "Cannot rezify the running AYON bundle", id="rezify-bundle"),
    pytest.param(["rezify-bundle", "--output", "{tmp}", "--bundle-name",
                  "Production"],
                 'Cannot rezify AYON bundle "Production"',
                 id="rezify-named-bundle"),
    pytest.param(["wrap-installations", "--settings-json", "server",
                  "--output", "{tmp}"],
                 "Cannot read Ynput's Applications settings from the server",
                 id="wrap-installations"),
])
def test_a_command_needing_the_server_says_how_to_give_it_one(
    tmp_path, args, action
):
    env = {key: value for key, value in os.environ.items()
           if key not in ("AYON_SERVER_URL", "AYON_API_KEY")}
    env["REZ_DISABLE_HOME_CONFIG"] = "1"
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    result = subprocess.run(
        [sys.executable, "-m", "ayon_applications", "--settings", SETTINGS,
         *args],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"ERROR: {action}: {ADVICE}\n"
    assert os.listdir(tmp_path) == []
