"""What ``rezify-bundle`` writes for a bundle: one spec per package.

See ``rezify`` for the packages and their layout. Each plan is a
``rez_package_files.PackageSpec`` with a label for the command's output;
payloads (downloads, unpacking, the host capture) run when the package
is written.
"""
import datetime
import os
import shutil
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from .addon_requirements import (
    AddonRequirements,
    RequirementsUnavailable,
    read_requirements,
)
from .bundle import (
    BundleInfo,
    rez_bundle_version,
    rez_safe_name,
    rez_safe_version,
    rez_version_range,
)
from .bundle_catalog import BundleCatalog, now
from .exceptions import ApplicationLaunchFailed
from .implementation_envs import NOT_CAPTURED, capture_implementation_envs
from .rez_package_files import (
    REZ_PLATFORMS,
    PackageSpec,
    platform_marker,
    unpack,
)

BUNDLE_PACKAGE_NAME = "ayon"
PRODUCTION_PACKAGE_NAME = "ayon_production"
DEPENDENCIES_PACKAGE_NAME = "ayon_dependencies"
CLIENT_ZIP = "client.zip"
_SHELL_NOTE = (
    " AYON_SERVER_URL and AYON_API_KEY come from the user's environment;"
    " they are never written into a package."
)


@dataclass
class Plan:
    """One package to write.

    Attributes:
        spec: The package.
        label: What it packages, for the command's output.
        addon: The AYON addon it packages, if any.
    """

    spec: PackageSpec
    label: str
    addon: str = ""


@dataclass
class PlanContext:
    """What every plan of one run needs to know."""

    repository: str
    info: BundleInfo
    catalog: BundleCatalog
    platform: str
    template: str
    requirements: Optional[Dict[str, AddonRequirements]]
    requirements_note: str

    def package_name(self, addon_name: str) -> str:
        """The rez package name of an addon."""
        return rez_safe_name(self.template.format(addon_name=addon_name))

    def support_paths(self, dependency: Optional[Plan]) -> List[str]:
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


def plan_packages(
    repository: str,
    info: BundleInfo,
    catalog: BundleCatalog,
    addons_info: Dict[str, Dict[str, Dict[str, Any]]],
    platform_name: str,
    project_name: Optional[str],
    template: str,
    launcher_name: str,
    include_launcher: bool,
) -> List[Plan]:
    """The packages of a bundle, in the order they are written.

    Raises:
        ApplicationLaunchFailed: An addon version is not on the server.
    """
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
    context = PlanContext(
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

    plans: List[Plan] = []
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


def _launcher_plan(context: PlanContext, package_name: str) -> Plan:
    version = context.info.launcher_version
    return Plan(PackageSpec(
        name=rez_safe_name(package_name),
        version=rez_safe_version(version),
        description=(
            f"Marker of AYON launcher {version}. The launcher itself is"
            " not packaged: its executable and its own Python libraries"
            " are not in it."
        ),
        timestamp=context.catalog.launcher_created(version) or now(),
    ), f"AYON launcher {version}")


def _platform_plan(platform_name: str) -> Plan:
    rez_platform = REZ_PLATFORMS[platform_name]
    return Plan(platform_marker(platform_name),
                f"rez platform {rez_platform}")


def _addon_requires(context: PlanContext, addon_name: str) -> List[str]:
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
    context: PlanContext,
    addon_name: str,
    version_info: Dict[str, Any],
    dependency: Optional[Plan],
) -> Plan:
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
        return Plan(spec, f"{label}, server only", addon_name)
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
    return Plan(spec, label, addon_name)


def _server_source_filename(sources: List[Dict[str, Any]]) -> Optional[str]:
    """File name of the first source served by the AYON server."""
    for source in sources:
        if source.get("type") == "server":
            return source.get("filename") or CLIENT_ZIP
    return None


def _dependency_owner(context: PlanContext) -> Optional[Dict[str, Any]]:
    """The bundle whose dependency packages are used: the project
    bundle's when it has any, else the studio bundle's."""
    for name in (context.info.project_bundle_name, context.info.name):
        bundle = context.catalog.get(name)
        if bundle and any((bundle.get("dependencyPackages") or {}).values()):
            return bundle
    return None


def _dependency_plan(context: PlanContext) -> Optional[Plan]:
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
    return Plan(
        spec, f"AYON dependency package \"{filename}\" ({context.platform})"
    )


def _bundle_plan(
    context: PlanContext,
    project_name: Optional[str],
    launcher: Optional[Plan],
    addons: List[Plan],
    dependency: Optional[Plan],
) -> Plan:
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
    return Plan(PackageSpec(
        name=name,
        version=version,
        description=description,
        timestamp=created or now(),
        requires=requires,
        commands=commands,
        attributes=attributes,
    ), what)


def _production_plan(context: PlanContext, bundle: Plan) -> Plan:
    name = context.info.name
    since = context.catalog.updated(name) or now()
    moment = datetime.datetime.fromtimestamp(since, datetime.timezone.utc)
    target = f"{bundle.spec.name}=={bundle.spec.version}"
    return Plan(PackageSpec(
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
