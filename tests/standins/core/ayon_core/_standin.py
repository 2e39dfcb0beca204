"""STAND-IN ONLY: test controls of the ``ayon_core`` stand-in.

Nothing in this module exists in real ayon-core (which cannot be installed
from the package index). Production code must never import it; tests use it
to feed the stand-in without an AYON server.

- ``STUDIO_SETTINGS`` / ``PROJECT_SETTINGS``: when set, ``ayon_core.settings``
  returns (a deep copy of) them instead of asking the server through
  ``ayon_api``. ``PROJECT_SETTINGS`` maps project name -> settings; a
  project missing there falls back to ``STUDIO_SETTINGS``.
- ``ADDONS``: addon classes or instances an ``AddonsManager()`` built without
  the stand-in ``addons=`` argument starts with (real ayon-core discovers
  them from the server's bundle and the local addons folder).
- ``ANATOMY_ROOTS``: root name -> path used by ``Anatomy`` when the project
  entity has no ``config.roots``.
- ``HOST``: what ``ayon_core.pipeline.registered_host()`` returns (None:
  no host integration, as in the tray's loader).
- ``LAUNCHER_PROCESSES``: every ``run_ayon_launcher_process`` call recorded
  instead of starting an AYON launcher process (that is how the old
  Applications addon shows its "launch failed" dialog).
- ``TRAY_STARTS``: every ``make_sure_tray_is_running`` call recorded
  instead of starting a tray (ayon-core's process preparation starts it
  outside headless mode).
- ``run_addon_cli(args, manager=None)``: run ``ayon addon <args>`` in
  process, the way the AYON launcher builds its ``addon`` click group.
"""
import copy

STUDIO_SETTINGS = None
PROJECT_SETTINGS = {}
ADDONS = []
ANATOMY_ROOTS = {}
HOST = None
LAUNCHER_PROCESSES = []
TRAY_STARTS = []


def set_settings(studio=None, projects=None):
    """Serve settings from memory instead of the AYON server.

    Args:
        studio (Optional[dict]): ``{addon_name: settings}`` studio values.
        projects (Optional[dict]): ``{project_name: {addon_name: settings}}``.
    """
    global STUDIO_SETTINGS, PROJECT_SETTINGS
    STUDIO_SETTINGS = copy.deepcopy(studio) if studio is not None else {}
    PROJECT_SETTINGS = copy.deepcopy(projects or {})


def reset():
    """Forget every override and recording."""
    global STUDIO_SETTINGS, PROJECT_SETTINGS, ADDONS, ANATOMY_ROOTS, HOST
    STUDIO_SETTINGS = None
    HOST = None
    PROJECT_SETTINGS = {}
    ADDONS = []
    ANATOMY_ROOTS = {}
    LAUNCHER_PROCESSES.clear()
    TRAY_STARTS.clear()


def run_addon_cli(args, manager=None):
    """Run ``ayon addon <args>`` in this process.

    Builds the ``addon`` group, lets every enabled addon add its commands
    through ``AYONAddon.cli(addon_click_group)`` and invokes ``args``.

    Args:
        args (list[str]): Arguments after ``addon``, e.g.
            ``["applications", "extractenvironments", "out.json", ...]``.
        manager (Optional[AddonsManager]): Manager with the addons; a new
            one is created when not passed.

    Returns:
        int: Exit code (0 on success, 2 on a usage error, the code of a
            ``SystemExit`` raised by the command otherwise).
    """
    from ayon_core.addon import AddonsManager, click_wrap

    if manager is None:
        manager = AddonsManager()

    def _addon_group():
        pass

    addon_group = click_wrap.group(
        _addon_group, name="addon",
        help="Run command line arguments of AYON addons",
    )
    for addon in manager.get_enabled_addons():
        addon.cli(addon_group)
    return click_wrap.run(addon_group, list(args))
