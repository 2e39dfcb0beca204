"""The dev install leaves ``client/`` as AYON's developer mode needs it.

ayon-core's addon loader, pointed at ``client/`` in developer mode,
imports everything it finds there; an ``*.egg-info`` folder beside the
addon package made it log a traceback. ``scripts/bootstrap.sh`` (run by
CI before the suite) therefore installs only the dependencies and puts
``client/`` on the venv's path with a ``.pth`` file.
"""
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLIENT = REPO / "client"
PTH_NAME = "ayon_applications_rez_dev.pth"


def _bootstrap_venv() -> Path:
    """The venv of this run when bootstrap made it, else ``.venv``."""
    prefix = Path(sys.prefix).resolve()
    if prefix.parent == REPO and prefix.name.startswith(".venv"):
        return prefix
    return REPO / ".venv"


def _site_packages(venv: Path) -> Path:
    found = list(venv.glob("lib/python3*/site-packages")) + list(
        venv.glob("Lib/site-packages")
    )
    assert len(found) == 1, found
    return found[0]


def test_client_holds_only_the_addon_package():
    assert sorted(os.listdir(CLIENT)) == ["ayon_applications",
                                          "pyproject.toml"]
    leftovers = [p for p in (CLIENT / "ayon_applications").rglob("*")
                 if p.name.endswith((".egg-info", ".dist-info"))]
    assert leftovers == []


def test_bootstrap_venv_reads_the_working_tree_through_a_pth_file():
    site = _site_packages(_bootstrap_venv())
    pth = site / PTH_NAME
    assert pth.is_file(), "run scripts/bootstrap.sh"
    assert pth.read_text("utf-8").split() == [str(CLIENT)]
    # the project itself is not installed (no metadata, no editable hook)
    installed = [p.name for p in site.iterdir()
                 if "ayon_applications" in p.name.lower()
                 and p.name != PTH_NAME]
    assert installed == []
