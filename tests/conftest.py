"""Test session set-up shared by every test module.

rez is isolated from the machine it runs on: no home config, no user
packages path, so a developer's ``~/.rezconfig`` cannot change results.
"""
import atexit
import os
import shutil
import sys
import tempfile

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(TESTS_DIR)
SERVER_STANDINS = os.path.join(TESTS_DIR, "standins", "server")
CORE_STANDINS = os.path.join(TESTS_DIR, "standins", "core")

os.environ["REZ_DISABLE_HOME_CONFIG"] = "1"
# Launches record themselves for the Process Monitor under the launcher's
#   local folder: keep the user's own records out of reach.
LAUNCHER_LOCAL_DIR = tempfile.mkdtemp(prefix="ayon_launcher_local_")
atexit.register(shutil.rmtree, LAUNCHER_LOCAL_DIR, True)
os.environ["AYON_LAUNCHER_LOCAL_DIR"] = LAUNCHER_LOCAL_DIR
# Qt windows are built and checked without a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("REZ_CONFIG_FILE", None)
os.environ.pop("REZ_PACKAGES_PATH", None)
# The per-user resolve cache (on by default) lives in this session's own
#   folder, for every test and every process a test starts.
_CACHE_HOME = tempfile.mkdtemp(prefix="ayon-apps-tests-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
atexit.register(shutil.rmtree, _CACHE_HOME, True)

for path in (REPO_ROOT, SERVER_STANDINS):
    if path not in sys.path:
        sys.path.insert(0, path)

# Fixture modules, one per concern; each adds its own fixtures.
pytest_plugins = [
    "tests.fixtures.server",
    "tests.fixtures.rez_repo",
    "tests.fixtures.studio_repo",
    "tests.fixtures.launch",
    "tests.fixtures.cli_site",
    "tests.fixtures.memcached",
    "tests.fixtures.ayon_http",
    "tests.fixtures.ayon_bundles",
    "tests.fixtures.ayon_core",
    "tests.fixtures.other_user",
]
