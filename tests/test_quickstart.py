"""The README's first quick-start command keeps working."""
import os
import subprocess

from tests.conftest import REPO_ROOT


def test_demo_launches_the_example_app():
    result = subprocess.run(
        ["bash", os.path.join(REPO_ROOT, "examples", "demo.sh")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # the project "demo" pins demoplugin-1; elsewhere the latest is used
    assert "demoapp: DEMOPLUGIN_VERSION=1.0.0" in out
    assert "  demoplugin-2.0.0" in out
    assert "demoapp: started with arguments ['--from-settings']" in out
    assert "~ayon_core==1.4.4._dev" in out
    # every heading of the resolve output has its lines under it
    lines = out.splitlines()
    for number, line in enumerate(lines[:-1]):
        if line.endswith(":") and not line.startswith("demoapp:"):
            assert lines[number + 1].startswith("  "), (line, out)
