"""STAND-IN for the AYON launcher executable ``ayon_console``, for tests.

The AYON launcher (ynput/ayon-launcher) is an installed application, not
a package on the package index. The farm tests run this script where a
Deadline worker runs ``ayon_console``::

    python tests/ayon_console.py --headless addon applications \\
        extractenvironments OUT.json --envgroup farm --project P ...

What it keeps from the launcher: the global flags ``--headless`` (sets
``AYON_HEADLESS_MODE=1``) and ``--bundle NAME`` (sets
``AYON_BUNDLE_NAME``), accepted anywhere and removed before the command;
settings and the bundle come from ``AYON_SERVER_URL`` / ``AYON_API_KEY``
through the real ayon-python-api; ``addon <name> <command>`` runs the
addon's click commands; the exit code is the command's.

What it does not do: bootstrap, download addons or dependency packages.
The ``ayon_core`` stand-in of ``tests/standins/core`` takes ayon-core's
place, and the addon classes are registered the way the tests' ``studio``
fixture does (``ayon_core._standin.ADDONS``): the Applications addon of
this checkout.
"""
import os
import sys
from typing import List

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(TESTS_DIR)
CORE_STANDINS = os.path.join(TESTS_DIR, "standins", "core")
CLIENT_DIR = os.path.join(REPO_ROOT, "client")


class UsageError(Exception):
    """Bad launcher arguments."""


def split_global_flags(argv: List[str]) -> List[str]:
    """Apply and remove the launcher's global flags; return the rest."""
    rest: List[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--headless":
            os.environ["AYON_HEADLESS_MODE"] = "1"
        elif arg == "--bundle":
            value = next(args, None)
            if value is None:
                raise UsageError('Expect value after "--bundle" argument.')
            os.environ["AYON_BUNDLE_NAME"] = value
        else:
            rest.append(arg)
    return rest


def main(argv: List[str]) -> int:
    """Run ``ayon_console`` with ``argv`` (without the program name)."""
    try:
        args = split_global_flags(argv)
    except UsageError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    if not args or args[0] != "addon":
        sys.stderr.write(
            "ayon_console stand-in: only 'addon <name> <command>' is"
            " supported\n"
        )
        return 2
    for path in (CLIENT_DIR, CORE_STANDINS):
        if path not in sys.path:
            sys.path.insert(0, path)

    from ayon_core import _standin

    # imported after ayon_core, so the addon's bases are ayon-core's
    from ayon_applications.addon import ApplicationsAddon

    _standin.ADDONS[:] = [ApplicationsAddon]
    return _standin.run_addon_cli(args[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
