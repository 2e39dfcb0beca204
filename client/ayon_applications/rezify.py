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
import datetime
import os
import platform
import shutil
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from .addon_requirements import (
    AddonRequirements,
    RequirementsUnavailable,
    read_requirements,
)
from .bundle import (
    BundleInfo,
    get_running_bundle,
    rez_bundle_version,
    rez_safe_name,
    rez_safe_version,
    rez_version_range,
)
from .bundle_catalog import BundleCatalog, now
from .exceptions import ApplicationLaunchFailed
from .settings_views import (
    DEFAULT_LAUNCHER_PACKAGE_NAME,
    DEFAULT_PACKAGE_NAME_TEMPLATE,
)
from .implementation_envs import NOT_CAPTURED, capture_implementation_envs
from .rez_package_files import (
    ALREADY_THERE,
    CREATED,
    REBUILT,
    REZ_PLATFORMS,
    VARIANT_ADDED,
    PackageSpec,
    unpack,
    write_package,
)

__all__ = (
    "ALREADY_THERE",
    "CREATED",
    "REBUILT",
    "VARIANT_ADDED",
    "PackageResult",
    "rezify_bundle",
)

BUNDLE_PACKAGE_NAME = "ayon"
PRODUCTION_PACKAGE_NAME = "ayon_production"
DEPENDENCIES_PACKAGE_NAME = "ayon_dependencies"
PLATFORM_PACKAGE_NAME = "platform"
CLIENT_ZIP = "client.zip"
_SHELL_NOTE = (
    " AYON_SERVER_URL and AYON_API_KEY come from the user's environment;"
    " they are never written into a package."
)


@dataclass
class PackageResult:
    """One package of the bundle and what happened to it.

    Attributes:
        name: rez package name.
        version: rez version.
        path: The package version folder.
        status: ``created``, ``already there``, ``rebuilt`` or
            ``variant added``.
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
class _Plan:
    spec: PackageSpec
    label: str
    addon: str = ""


@dataclass
class _Context:
    repository: str
    info: BundleInfo
    catalog: BundleCatalog
    platform: str
    template: str
    requirements: Optional[Dict[str, AddonRequirements]]
    requirements_note: str

    def package_name(self, addon_name: str) -> str:
        return rez_safe_name(self.template.format(addon_name=addon_name))

    def support_paths(self, dependency: Optional[_Plan]) -> List[str]:
        """The bundle's rezified ayon_core and dependencies folders."""
        paths = []
        core = self.info.addons.get("core")
        if core:
            paths.append(os.path.join(
                self.repository, self.package_name("core"),
                rez_safe_version(core), "python",
            ))
        if dependency is not None and dependency.spec.variant:
            paths.append(os.path.join(
                self.repository, dependency.spec.name,
                dependency.spec.version, dependency.spec.variant,
                "python", "dependencies",
            ))
        return paths


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
        plans = _plans(
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

    results = []
    for plan in plans:
        spec = plan.spec
        try:
            status, path = write_package(repository, spec, force)
        except Exception as exc:
            what = f"{spec.name}-{spec.version}"
            if spec.variant:
                what += f" ({spec.variant})"
            raise ApplicationLaunchFailed(
                f"Cannot rezify AYON bundle {label}: {plan.label} could"
                f" not be packaged: {_reason(exc)} (nothing written for"
                f" {what})"
            ) from exc
        result = PackageResult(
            spec.name, spec.version, path, status, plan.label
        )
        results.append(result)
        if report is not None:
            report(result)
    return results


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _plans(
    repository: str,
    info: BundleInfo,
    catalog: BundleCatalog,
    addons_info: Dict[str, Dict[str, Dict[str, Any]]],
    platform_name: str,
    project_name: Optional[str],
    template: str,
    launcher_name: str,
    include_launcher: bool,
) -> List[_Plan]:
    for addon_name, version in info.addons.items():
        if version not in (addons_info.get(addon_name) or {}):
            raise ApplicationLaunchFailed(
                f"Cannot rezify AYON bundle \"{info.effective_name}\":"
                f" addon \"{addon_name}\" {version} is not installed on"
                " the server"
            )
    client_addons = sorted(
        name for name, version in info.addons.items()
        if addons_info[name][version].get("clientSourceInfo")
    )
    context = _Context(
        repository, info, catalog, platform_name, template, None, ""
    )
    studio = catalog.get(info.name) or {}
    try:
        context.requirements = read_requirements(
            info.name, dict(info.addons), client_addons,
            studio.get("installerVersion"), known_addons=addons_info,
        )
        context.requirements_note = (
            "Requirements: as its package.py declares them (read from the"
            " AYON server's bundle check)."
        )
    except RequirementsUnavailable as exc:
        context.requirements_note = (
            "Requirements: the AYON server did not tell them"
            f" ({exc}); ayon_core of the bundle or newer is required."
        )

    plans: List[_Plan] = []
    launcher = None
    if include_launcher and info.launcher_version:
        launcher = _launcher_plan(context, launcher_name)
        plans.append(launcher)
    dependency = _dependency_plan(context)
    addon_plans = [
        _addon_plan(
            context, name, addons_info[name][info.addons[name]], dependency
        )
        for name in sorted(info.addons)
    ]
    # core and the dependencies first: host addons may need them to be
    #   imported when their environment is captured.
    written = dependency is not None and dependency.spec.platform
    if written:
        plans.append(_platform_plan(platform_name))
    plans += [plan for plan in addon_plans if plan.addon == "core"]
    if written:
        plans.append(dependency)
    plans += [plan for plan in addon_plans if plan.addon != "core"]
    bundle = _bundle_plan(
        context, project_name, launcher, addon_plans, dependency
    )
    plans.append(bundle)
    if not info.project_bundle_name and studio.get("isProduction"):
        plans.append(_production_plan(context, bundle))
    return plans


def _launcher_plan(context: _Context, package_name: str) -> _Plan:
    version = context.info.launcher_version
    return _Plan(PackageSpec(
        name=rez_safe_name(package_name),
        version=rez_safe_version(version),
        description=(
            f"Marker of AYON launcher {version}. The launcher itself is"
            " not packaged: its executable and its own Python libraries"
            " are not in it."
        ),
        timestamp=context.catalog.launcher_created(version) or now(),
    ), f"AYON launcher {version}")


def _platform_plan(platform_name: str) -> _Plan:
    rez_platform = REZ_PLATFORMS[platform_name]
    return _Plan(PackageSpec(
        name=PLATFORM_PACKAGE_NAME,
        version=rez_platform,
        description=(
            f"rez platform marker \"{rez_platform}\" without payload, as"
            " 'rez-bind platform' makes it: the platform variants of the"
            " AYON packages require it."
        ),
    ), f"rez platform {rez_platform}")


def _addon_requires(context: _Context, addon_name: str) -> List[str]:
    """rez requirements of a client addon, from its declarations."""
    addons = context.info.addons
    declared = (context.requirements or {}).get(addon_name)
    declared = declared or AddonRequirements()
    required = dict(declared.required)
    if addon_name != "core" and "core" in addons:
        required.setdefault("core", None)
    requires = []
    for other, requirement in sorted(required.items()):
        rez_range = None
        if requirement is not None:
            rez_range = rez_version_range(requirement)
        if rez_range is None:
            # Unknown range: the bundle's own version or newer.
            rez_range = ""
            if other in addons:
                rez_range = f"{rez_safe_version(addons[other])}+"
        requires.append(_request(context.package_name(other), rez_range))
    for other, requirement in sorted(declared.weak.items()):
        rez_range = rez_version_range(requirement)
        if rez_range:
            requires.append(
                "~" + _request(context.package_name(other), rez_range)
            )
    requires += [f"!{context.package_name(o)}" for o in declared.excluded]
    return requires


def _request(name: str, rez_range: str) -> str:
    if not rez_range:
        return name
    if rez_range[0].isalnum() or rez_range[0] == "_":
        return f"{name}-{rez_range}"
    return f"{name}{rez_range}"


def _addon_plan(
    context: _Context,
    addon_name: str,
    version_info: Dict[str, Any],
    dependency: Optional[_Plan],
) -> _Plan:
    version = context.info.addons[addon_name]
    label = f"AYON addon \"{addon_name}\" {version}"
    spec = PackageSpec(
        name=context.package_name(addon_name),
        version=rez_safe_version(version),
        description="",
        timestamp=context.catalog.addon_created(addon_name, version) or now(),
        attributes={
            "ayon_addon_name": addon_name,
            "ayon_addon_version": version,
        },
    )
    sources = version_info.get("clientSourceInfo")
    if not sources:
        spec.description = (
            f"{label}: server only, no client code (written by"
            " rezify-bundle)."
        )
        return _Plan(spec, f"{label}, server only", addon_name)
    filename = _server_source_filename(sources)
    if filename is None:
        raise ApplicationLaunchFailed(
            f"Cannot rezify AYON bundle \"{context.info.effective_name}\":"
            f" addon \"{addon_name}\" {version} has no client code on the"
            " AYON server to download (only other sources)"
        )
    spec.requires = _addon_requires(context, addon_name)
    spec.description = (
        f"{label}: its client code ({filename} from the AYON server,"
        f" written by rezify-bundle). {context.requirements_note}"
    )

    def payload(folder: str, target: PackageSpec) -> None:
        import ayon_api

        downloaded = ayon_api.download_addon_private_file(
            addon_name, version, filename, folder
        )
        unpack(downloaded, os.path.join(folder, "python"))
        target.commands.append("env.PYTHONPATH.prepend('{root}/python')")
        capture = capture_implementation_envs(
            folder, context.support_paths(dependency)
        )
        target.commands += capture.commands
        if capture.host_names:
            target.attributes["ayon_host_names"] = capture.host_names
            hosts = ", ".join(capture.host_names)
            target.description += (
                f" Host integration ({hosts}): the environment of its"
                " add_implementation_envs, captured when written, applies"
                " when a package named as the host is in the resolve."
                f" {NOT_CAPTURED}"
            )
        if capture.notes:
            target.description += " Capture notes: " + "; ".join(
                capture.notes
            ) + "."

    spec.payload = payload
    return _Plan(spec, label, addon_name)


def _server_source_filename(sources: List[Dict[str, Any]]) -> Optional[str]:
    """File name of the first source served by the AYON server."""
    for source in sources:
        if source.get("type") == "server":
            return source.get("filename") or CLIENT_ZIP
    return None


def _dependency_owner(context: _Context) -> Optional[Dict[str, Any]]:
    """The bundle whose dependency packages are used: the project
    bundle's when it has any, else the studio bundle's."""
    for name in (context.info.project_bundle_name, context.info.name):
        bundle = context.catalog.get(name)
        if bundle and any((bundle.get("dependencyPackages") or {}).values()):
            return bundle
    return None


def _dependency_plan(context: _Context) -> Optional[_Plan]:
    """The dependency package; ``platform`` None when the bundle has
    none for this run's platform (it is then required, not written)."""
    owner = _dependency_owner(context)
    if owner is None:
        return None
    packages = owner.get("dependencyPackages") or {}
    filename = packages.get(context.platform)
    spec = PackageSpec(
        name=DEPENDENCIES_PACKAGE_NAME,
        version=rez_bundle_version(owner["name"]),
        description=(
            f"AYON dependency packages of bundle \"{owner['name']}\", one"
            " variant per platform (files in ayon_dependency_packages;"
            " written by rezify-bundle). Its dependencies folder goes on"
            " PYTHONPATH, as the AYON launcher does."
        ),
        timestamp=context.catalog.created(owner["name"]) or now(),
        commands=[
            "env.PYTHONPATH.prepend('{root}/python/dependencies')"
        ],
        attributes={
            "ayon_bundle_name": owner["name"],
            "ayon_dependency_packages": {context.platform: filename},
        },
        platform=context.platform if filename else None,
    )

    def payload(folder: str, target: PackageSpec) -> None:
        import ayon_api

        downloaded = ayon_api.download_dependency_package(
            filename, folder, "package.zip"
        )
        python_dir = os.path.join(folder, "python")
        unpack(downloaded, python_dir)
        if not os.path.isdir(os.path.join(python_dir, "dependencies")):
            # A zip without the usual "dependencies" folder: it is one.
            moved = os.path.join(folder, ".dependencies")
            os.rename(python_dir, moved)
            os.mkdir(python_dir)
            shutil.move(moved, os.path.join(python_dir, "dependencies"))

    spec.payload = payload
    return _Plan(
        spec, f"AYON dependency package \"{filename}\" ({context.platform})"
    )


def _bundle_plan(
    context: _Context,
    project_name: Optional[str],
    launcher: Optional[_Plan],
    addons: List[_Plan],
    dependency: Optional[_Plan],
) -> _Plan:
    info = context.info
    requires = [
        f"{plan.spec.name}=={plan.spec.version}"
        for plan in ([launcher] if launcher else []) + addons
    ]
    if dependency is not None:
        spec = dependency.spec
        requires.append(f"{spec.name}=={spec.version}")
    created = context.catalog.created(info.name)
    name = BUNDLE_PACKAGE_NAME
    version = rez_bundle_version(info.name)
    what = f"AYON bundle \"{info.name}\""
    attributes = {"ayon_bundle_name": info.name}
    if info.project_bundle_name:
        project_bundle = info.project_bundle_name
        name = f"{BUNDLE_PACKAGE_NAME}_project_{rez_safe_name(project_name)}"
        version = f"{version}-{rez_bundle_version(project_bundle)}"
        what += f" with project bundle \"{project_bundle}\""
        attributes["ayon_project_bundle_name"] = project_bundle
        created = max(
            value for value in (
                created, context.catalog.created(project_bundle), 0
            ) if value is not None
        ) or None
    commands = [
        f"env.AYON_BUNDLE_NAME = literal({info.effective_name!r})",
        f"env.AYON_STUDIO_BUNDLE_NAME = literal({info.name!r})",
    ]
    description = (
        f"{what}: exactly its addon versions, launcher marker and"
        f" dependency package; sets AYON_BUNDLE_NAME. 'rez env {name}'"
        f" picks the highest version, 'rez env {name}-{version}' this"
        f" one.{_SHELL_NOTE}"
    )
    return _Plan(PackageSpec(
        name=name,
        version=version,
        description=description,
        timestamp=created or now(),
        requires=requires,
        commands=commands,
        attributes=attributes,
    ), what)


def _production_plan(context: _Context, bundle: _Plan) -> _Plan:
    name = context.info.name
    since = context.catalog.updated(name) or now()
    moment = datetime.datetime.fromtimestamp(since, datetime.timezone.utc)
    target = f"{bundle.spec.name}=={bundle.spec.version}"
    return _Plan(PackageSpec(
        name=PRODUCTION_PACKAGE_NAME,
        version=moment.strftime("%Y%m%d.%H%M%S"),
        description=(
            f"The production AYON bundle since"
            f" {moment.isoformat()}: \"{name}\" ({target}). A newer"
            " version is written when another bundle is production, so"
            f" 'rez env {PRODUCTION_PACKAGE_NAME}' is the production"
            " bundle (of the time a project is pinned to)."
        ),
        timestamp=since,
        requires=[target],
        attributes={"ayon_bundle_name": name},
    ), f"production bundle \"{name}\"")
