"""Turn an AYON bundle into rez packages: ``rez env maya ayon``.

``rezify-bundle`` writes, into one rez repository:

- ``ayon_<addon>-<version>`` per addon: its ``client.zip`` (downloaded
  with ``ayon_api.download_addon_private_file``, as the launcher does)
  unpacked into ``python/`` and put on ``PYTHONPATH``; ``requires`` what
  the addon declares (``addon_requirements``; else ``ayon_core`` of the
  bundle or newer), compatible addons as weak requests; a host addon's
  ``add_implementation_envs`` captured into ``commands()``
  (``implementation_envs``), applied when its host's package (named as
  the host) is in the resolve. A server only addon is a package without
  payload;
- ``ayon_launcher-<version>``: a marker without payload (the launcher
  and its own Python libraries are not packaged);
- ``ayon_dependencies-<bundle version>``: the bundle's dependency
  package, one ``platform-<name>`` variant per platform, its
  ``dependencies`` folder on ``PYTHONPATH``; ``--platform`` writes
  another platform's variant into the same package; and
  ``platform-<name>`` markers (as ``rez-bind platform`` makes them) so
  the variants resolve;
- ``ayon-<bundle version>``: the bundle. It requires exactly the
  bundle's addon versions, the launcher marker and the dependency
  package, and sets ``AYON_BUNDLE_NAME``; ``ayon_bundle_name`` keeps the
  bundle's name. A project's bundle laid over the studio bundle goes to
  ``ayon_project_<project>-<studio version>-<project bundle version>``;
- ``ayon_production-<YYYYMMDD.HHMMSS>`` when the bundle is the
  production bundle: requires ``ayon==<bundle version>``; its version is
  when the bundle last changed (became production), so
  ``rez env maya ayon_production`` is the production bundle of a time.

Versions follow ``rez_versions`` (the bundle's: :func:`rez_bundle_
version`). Release times come from the server (``bundle_catalog``).
A package version that exists is not touched unless forced; files are
written by ``rez_package_files``. rez is not imported.
"""
import os
import platform
from typing import Callable, List, Optional

from .bundle import get_running_bundle
from .bundle_catalog import BundleCatalog
from .exceptions import ApplicationLaunchFailed
from .rez_package_files import (
    ALREADY_THERE,
    CREATED,
    REBUILT,
    REZ_PLATFORMS,
    VARIANT_ADDED,
    PackageResult,
    PackageWriteFailed,
    write_packages,
)
from .rezify_plans import plan_packages
from .server_connection import require_server
from .settings_views import (
    DEFAULT_LAUNCHER_PACKAGE_NAME,
    DEFAULT_PACKAGE_NAME_TEMPLATE,
)

__all__ = (
    "ALREADY_THERE",
    "CREATED",
    "REBUILT",
    "VARIANT_ADDED",
    "PackageResult",
    "rezify_bundle",
)


def rezify_bundle(
    repository: str,
    bundle_name: Optional[str] = None,
    project_name: Optional[str] = None,
    force: bool = False,
    package_name_template: str = DEFAULT_PACKAGE_NAME_TEMPLATE,
    launcher_package_name: str = DEFAULT_LAUNCHER_PACKAGE_NAME,
    include_launcher: bool = True,
    report: Optional[Callable[[PackageResult], None]] = None,
    platform_name: Optional[str] = None,
) -> List[PackageResult]:
    """Write the rez packages of a bundle into a rez repository.

    Args:
        repository: The rez repository folder (must exist).
        bundle_name: Studio bundle to package; the running one if None.
        project_name: Lay this project's bundle over the studio bundle.
        force: Rebuild package versions (variants) that already exist.
        package_name_template: Package name per addon (``{addon_name}``),
            as in the ``ayon_request`` settings.
        launcher_package_name: Package name of the launcher marker.
        include_launcher: Write the launcher marker.
        report: Called with each result as soon as it is known.
        platform_name: Platform whose variants to write (``windows``,
            ``linux``, ``darwin``); this machine's when None.

    Returns:
        One result per package, in the order written.

    Raises:
        ApplicationLaunchFailed: Unknown bundle or platform, missing
            repository, an addon version not on the server, a failed
            download.
    """
    import ayon_api

    label = f"\"{bundle_name}\"" if bundle_name else "(running)"
    platform_name = (platform_name or platform.system()).lower()
    if platform_name not in REZ_PLATFORMS:
        raise ApplicationLaunchFailed(
            f"Cannot rezify AYON bundle {label}: unknown platform"
            f" \"{platform_name}\" (use {', '.join(sorted(REZ_PLATFORMS))})"
        )
    require_server(
        f"rezify AYON bundle {label}" if bundle_name
        else "rezify the running AYON bundle"
    )
    catalog = BundleCatalog.from_server()
    if bundle_name:
        named = catalog.get(bundle_name)
        if named is None:
            raise ApplicationLaunchFailed(
                f"Cannot rezify AYON bundle {label}: it was not found on"
                " the server"
            )
        if named.get("isProject"):
            raise ApplicationLaunchFailed(
                f"Cannot rezify AYON bundle {label}: it is a project"
                " bundle; name the studio bundle and the project"
                " (--project) whose bundle goes over it"
            )
    info = get_running_bundle(project_name, bundle_name=bundle_name)
    label = f"\"{info.effective_name}\""

    repository = os.path.abspath(repository)
    if not os.path.isdir(repository):
        raise ApplicationLaunchFailed(
            f"Cannot rezify AYON bundle {label}: rez repository"
            f" \"{repository}\" does not exist (create it first)"
        )
    addons_info = {
        addon["name"]: dict(addon.get("versions") or {})
        for addon in ayon_api.get_addons_info(details=True).get("addons")
        or []
    }
    try:
        plans = plan_packages(
            repository, info, catalog, addons_info, platform_name,
            project_name,
            package_name_template, launcher_package_name, include_launcher,
        )
    except (KeyError, IndexError, ValueError) as exc:
        raise ApplicationLaunchFailed(
            f"Cannot rezify AYON bundle {label}: {_reason(exc)}"
            " (check ayon_request/package_name_template, it may use"
            " {addon_name})"
        ) from exc

    try:
        return write_packages(
            repository, [(plan.spec, plan.label) for plan in plans], force,
            report,
        )
    except PackageWriteFailed as failed:
        raise ApplicationLaunchFailed(
            f"Cannot rezify AYON bundle {label}: {failed.label} could"
            f" not be packaged: {_reason(failed.cause)} (nothing written"
            f" for {failed.what})"
        ) from failed.cause


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

