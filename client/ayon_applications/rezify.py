"""Turn an AYON bundle into rez packages, for the ``strict`` AYON request.

In ``strict`` mode a launch requests ``ayon_<addon>==<version>`` for
every addon of the bundle and ``ayon_launcher==<version>``, and AYON
comes from the rez repository. This module writes those packages:

- per addon with client code: its ``client.zip`` (downloaded with
  ``ayon_api.download_addon_private_file``, as the AYON launcher does)
  unpacked into ``<repo>/ayon_<addon>/<version>/python/``. The zip holds
  the addon's Python package folder (``ayon_core/``...), so ``python/``
  is what the launcher puts on ``PYTHONPATH`` for that addon;
- per addon without client code (server only): a package without
  payload, so the strict request still resolves;
- ``ayon_launcher-<version>``: a marker without payload. The launcher
  itself, and the Python libraries it runs with, are not packaged;
- the bundle's dependency package for this platform, if it has one
  (``ayon_api.download_dependency_package``), unpacked into
  ``<repo>/ayon_dependencies/<bundle>/python/``; its ``dependencies``
  folder goes on ``PYTHONPATH``, as the launcher does. Its version is
  the bundle name (rez-safe), so ``ayon_request/extra`` can ask for it
  with ``ayon_dependencies=={bundle_name}``.

Names and versions follow ``bundle.bundle_requests``. A package version
that exists is never touched (released packages are immutable) unless
forced. Each package is built in a hidden temp folder inside its family
folder (rez ignores names starting with ``.``) and renamed into place,
so a failure never leaves a half-written package.

Package files are written as plain ``package.py``; rez is not imported.
"""
import contextlib
import os
import platform
import shutil
import stat
import time
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from .bundle import (
    BundleInfo,
    get_running_bundle,
    rez_safe_name,
    rez_safe_version,
)
from .exceptions import ApplicationLaunchFailed
from .settings_views import (
    DEFAULT_LAUNCHER_PACKAGE_NAME,
    DEFAULT_PACKAGE_NAME_TEMPLATE,
)

CREATED = "created"
ALREADY_THERE = "already there"
REBUILT = "rebuilt"

DEPENDENCIES_PACKAGE_NAME = "ayon_dependencies"
CLIENT_ZIP = "client.zip"
_TEMP_PREFIX = ".rezify-"

#: Fills a package's temp folder (payload only; package.py comes after)
#:   and returns the ``commands()`` body, or "" for none.
PayloadWriter = Callable[[str], str]


@dataclass
class PackageResult:
    """One package of the bundle and what happened to it.

    Attributes:
        name: rez package name.
        version: rez version.
        path: The package version folder.
        status: ``created``, ``already there`` or ``rebuilt``.
        label: What it packages, e.g. ``AYON addon "core" 1.4.4+dev``.
    """

    name: str
    version: str
    path: str
    status: str
    label: str

    def describe(self) -> str:
        """One line for the command's output."""
        return (
            f"{self.status:<13} {self.name}-{self.version}"
            f"  ({self.label})"
        )


@dataclass
class _PackagePlan:
    name: str
    version: str
    label: str
    description: str
    payload: Optional[PayloadWriter]


def rezify_bundle(
    repository: str,
    bundle_name: Optional[str] = None,
    project_name: Optional[str] = None,
    force: bool = False,
    package_name_template: str = DEFAULT_PACKAGE_NAME_TEMPLATE,
    launcher_package_name: str = DEFAULT_LAUNCHER_PACKAGE_NAME,
    include_launcher: bool = True,
    report: Optional[Callable[[PackageResult], None]] = None,
) -> List[PackageResult]:
    """Write the rez packages of a bundle into a rez repository.

    Args:
        repository: The rez repository folder (must exist).
        bundle_name: Studio bundle to package; the running one if None.
        project_name: Lay this project's bundle over the studio bundle.
        force: Rebuild package versions that already exist.
        package_name_template: Package name per addon (``{addon_name}``),
            as in the ``ayon_request`` settings.
        launcher_package_name: Package name of the launcher marker.
        include_launcher: Write the launcher marker.
        report: Called with each result as soon as it is known.

    Returns:
        One result per package, in the order written.

    Raises:
        ApplicationLaunchFailed: Unknown bundle, missing repository,
            an addon version not on the server, a failed download.
    """
    import ayon_api

    bundle_label = f"\"{bundle_name}\"" if bundle_name else "(running)"
    bundles = (ayon_api.get_bundles() or {}).get("bundles") or []
    by_name = {item.get("name"): item for item in bundles}
    if bundle_name:
        named = by_name.get(bundle_name)
        if named is None:
            raise ApplicationLaunchFailed(
                f"Cannot rezify AYON bundle {bundle_label}: it was not"
                " found on the server"
            )
        if named.get("isProject"):
            raise ApplicationLaunchFailed(
                f"Cannot rezify AYON bundle {bundle_label}: it is a"
                " project bundle; name the studio bundle and the project"
                " (--project) whose bundle goes over it"
            )
    info = get_running_bundle(project_name, bundle_name=bundle_name)
    bundle_label = f"\"{info.effective_name}\""

    repository = os.path.abspath(repository)
    if not os.path.isdir(repository):
        raise ApplicationLaunchFailed(
            f"Cannot rezify AYON bundle {bundle_label}: rez repository"
            f" \"{repository}\" does not exist (create it first)"
        )

    addons_info = _addon_versions_info(
        ayon_api.get_addons_info(details=True)
    )
    plans: List[_PackagePlan] = []
    try:
        if include_launcher and info.launcher_version:
            plans.append(_launcher_plan(info, launcher_package_name))
        for addon_name in sorted(info.addons):
            plans.append(_addon_plan(
                info, addon_name, addons_info, package_name_template
            ))
        dependency = _dependency_plan(info, by_name)
        if dependency is not None:
            plans.append(dependency)
    except (KeyError, IndexError, ValueError) as exc:
        raise ApplicationLaunchFailed(
            f"Cannot rezify AYON bundle {bundle_label}: {_reason(exc)}"
            " (check ayon_request/package_name_template, it may use"
            " {addon_name})"
        ) from exc

    results = []
    for plan in plans:
        try:
            result = _write_package(repository, plan, force)
        except Exception as exc:
            raise ApplicationLaunchFailed(
                f"Cannot rezify AYON bundle {bundle_label}: {plan.label}"
                f" could not be packaged: {_reason(exc)}"
                f" (nothing written for {plan.name}-{plan.version})"
            ) from exc
        results.append(result)
        if report is not None:
            report(result)
    return results


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- What to package -----------------------------------------------------
def _addon_versions_info(
    data: Dict[str, Any],
) -> Dict[str, Dict[str, Dict[str, Any]]]:
    """``get_addons_info`` answer as addon name -> version -> info."""
    return {
        addon["name"]: dict(addon.get("versions") or {})
        for addon in data.get("addons") or []
    }


def _launcher_plan(info: BundleInfo, package_name: str) -> _PackagePlan:
    version = info.launcher_version
    return _PackagePlan(
        name=rez_safe_name(package_name),
        version=rez_safe_version(version),
        label=f"AYON launcher {version}",
        description=(
            f"Marker of AYON launcher {version} for the strict AYON"
            " request. The launcher itself is not packaged: its"
            " executable and its own Python libraries are not in it."
        ),
        payload=None,
    )


def _addon_plan(
    info: BundleInfo,
    addon_name: str,
    addons_info: Dict[str, Dict[str, Dict[str, Any]]],
    template: str,
) -> _PackagePlan:
    version = info.addons[addon_name]
    name = rez_safe_name(template.format(addon_name=addon_name))
    label = f"AYON addon \"{addon_name}\" {version}"
    version_info = (addons_info.get(addon_name) or {}).get(version)
    if version_info is None:
        raise ApplicationLaunchFailed(
            f"Cannot rezify AYON bundle \"{info.effective_name}\": addon"
            f" \"{addon_name}\" {version} is not installed on the server"
        )
    sources = version_info.get("clientSourceInfo")
    if not sources:
        return _PackagePlan(
            name=name,
            version=rez_safe_version(version),
            label=f"{label}, server only",
            description=(
                f"AYON addon \"{addon_name}\" {version}: server only, no"
                " client code (written by rezify-bundle)"
            ),
            payload=None,
        )
    filename = _server_source_filename(sources)
    if filename is None:
        raise ApplicationLaunchFailed(
            f"Cannot rezify AYON bundle \"{info.effective_name}\": addon"
            f" \"{addon_name}\" {version} has no client code on the AYON"
            " server to download (only other sources)"
        )

    def payload(folder: str) -> str:
        import ayon_api

        downloaded = ayon_api.download_addon_private_file(
            addon_name, version, filename, folder
        )
        _unpack(downloaded, os.path.join(folder, "python"))
        return 'env.PYTHONPATH.prepend("{root}/python")'

    return _PackagePlan(
        name=name,
        version=rez_safe_version(version),
        label=label,
        description=(
            f"AYON addon \"{addon_name}\" {version}: its client code"
            f" ({filename} from the AYON server, written by"
            " rezify-bundle)"
        ),
        payload=payload,
    )


def _server_source_filename(sources: List[Dict[str, Any]]) -> Optional[str]:
    """File name of the first source served by the AYON server."""
    for source in sources:
        if source.get("type") == "server":
            return source.get("filename") or CLIENT_ZIP
    return None


def _dependency_plan(
    info: BundleInfo, bundles: Dict[str, Dict[str, Any]]
) -> Optional[_PackagePlan]:
    """The dependency package of the bundle in use, for this platform.

    The project bundle's, else the studio bundle's; None when neither
    has one.
    """
    platform_name = platform.system().lower()
    filename = None
    for bundle_name in (info.project_bundle_name, info.name):
        bundle = bundles.get(bundle_name) if bundle_name else None
        packages = (bundle or {}).get("dependencyPackages") or {}
        filename = packages.get(platform_name)
        if filename:
            break
    if not filename:
        return None

    def payload(folder: str) -> str:
        import ayon_api

        downloaded = ayon_api.download_dependency_package(
            filename, folder, "package.zip"
        )
        python_dir = os.path.join(folder, "python")
        _unpack(downloaded, python_dir)
        if os.path.isdir(os.path.join(python_dir, "dependencies")):
            return 'env.PYTHONPATH.prepend("{root}/python/dependencies")'
        return 'env.PYTHONPATH.prepend("{root}/python")'

    return _PackagePlan(
        name=DEPENDENCIES_PACKAGE_NAME,
        version=rez_safe_version(info.effective_name),
        label=f"AYON dependency package \"{filename}\"",
        description=(
            f"AYON dependency package \"{filename}\" ({platform_name}) of"
            f" bundle \"{info.effective_name}\" (written by rezify-bundle)"
        ),
        payload=payload,
    )


# --- Writing one package -------------------------------------------------
def _write_package(
    repository: str, plan: _PackagePlan, force: bool
) -> PackageResult:
    """Build one package in a temp folder and rename it into place."""
    family_dir = os.path.join(repository, plan.name)
    target = os.path.join(family_dir, plan.version)
    exists = os.path.exists(target)
    if exists and not force:
        return PackageResult(
            plan.name, plan.version, target, ALREADY_THERE, plan.label
        )
    family_created = not os.path.isdir(family_dir)
    os.makedirs(family_dir, exist_ok=True)
    temp = os.path.join(
        family_dir, f"{_TEMP_PREFIX}{plan.version}-{uuid.uuid4().hex}"
    )
    try:
        os.mkdir(temp)
        commands = plan.payload(temp) if plan.payload else ""
        _write_package_py(temp, plan, commands)
        published = _publish(temp, target, replace=exists)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        if family_created:
            with contextlib.suppress(OSError):
                os.rmdir(family_dir)  # only if still empty
        raise
    if not published:
        status = ALREADY_THERE
    else:
        status = REBUILT if exists else CREATED
    return PackageResult(plan.name, plan.version, target, status, plan.label)


def _publish(temp: str, target: str, replace: bool) -> bool:
    """Rename ``temp`` to ``target``; with ``replace`` the old one goes.

    Returns:
        False when another process published ``target`` meanwhile
        (``temp`` is then removed).
    """
    if not replace:
        try:
            os.rename(temp, target)
        except OSError:
            if not os.path.isfile(os.path.join(target, "package.py")):
                raise
            shutil.rmtree(temp, ignore_errors=True)
            return False
        return True
    old = f"{temp}.old"
    os.rename(target, old)
    try:
        os.rename(temp, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return True


def _write_package_py(folder: str, plan: _PackagePlan, commands: str) -> None:
    lines = [
        "# Written by the rezify-bundle command of the AYON Applications",
        "#   (rez) addon. Released packages are not edited.",
        f"name = {plan.name!r}",
        f"version = {plan.version!r}",
        f"description = {plan.description!r}",
        f"timestamp = {int(time.time())}",
    ]
    if commands:
        lines += ["", "", "def commands():", f"    {commands}"]
    path = os.path.join(folder, "package.py")
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")


def _unpack(archive: str, destination: str) -> None:
    """Extract a zip into ``destination``, keeping executable bits.

    The archive is removed afterwards. Members that would land outside
    ``destination`` are refused.
    """
    root = os.path.realpath(destination)
    os.makedirs(root, exist_ok=True)
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            path = os.path.realpath(os.path.join(root, member.filename))
            if path != root and not path.startswith(root + os.sep):
                raise ValueError(
                    f"Archive member \"{member.filename}\" points outside"
                    " the package"
                )
            zipped.extract(member, root)
            mode = (member.external_attr >> 16) & 0o777
            if mode & 0o111 and not member.is_dir():
                current = os.stat(path).st_mode
                os.chmod(path, current | stat.S_IXUSR | stat.S_IXGRP)
    os.remove(archive)
