"""``wrap-installations``: the applications a studio installed for Ynput's
Applications addon (1.x), as rez packages.

For every variant the settings conversion (``rules.ynput_settings``)
turns into a ``<package>-<version>`` request, this writes that package:
its
``commands()`` put the folders of the variant's executables for the
running platform on ``PATH`` and set nothing else. One variant per
platform (``platform-windows``, ``platform-linux``, ``platform-osx``,
rez's names) lets one repository serve every OS; the ``platform``
packages themselves are written too when the repository lacks them.
Wrapper packages get no ``timestamp``: they wrap what is installed, so a
project pinned to an earlier time still sees them.

The 1.x settings come from a JSON file (the studio settings of Ynput's
addon, as the server answers them) or from the AYON server. rez is not
imported; files are written by ``rez_package_files`` (one variant per
platform, each added whole).
"""
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from .exceptions import ApplicationLaunchFailed
from .rez_package_files import (
    REZ_PLATFORMS,
    PackageResult,
    PackageSpec,
    PackageWriteFailed,
    platform_marker,
    write_packages,
)
from .rules.ynput_settings import (
    PLATFORMS,
    ConversionNote,
    Wrapper,
    convert_overrides,
    split_references,
)
from .server_connection import require_server
from .settings import read_json_file

ADDON_NAME = "applications"
SERVER_SOURCE = "server"
#: This addon's versions end so; every other version is Ynput's.
OWN_VERSION_SUFFIX = "+rez"


@dataclass
class WrapResult:
    """What ``wrap-installations`` did.

    Attributes:
        source: Where the 1.x settings came from.
        packages: One result per package, in the order written.
        notes: What the conversion could not carry over.
    """

    source: str
    packages: List[PackageResult] = field(default_factory=list)
    notes: List[ConversionNote] = field(default_factory=list)


def read_ynput_settings(
    source: str, source_version: Optional[str] = None
) -> Tuple[Dict[str, Any], str]:
    """The studio settings of Ynput's Applications addon.

    Args:
        source: A JSON file, ``server`` (the AYON server of
            ``AYON_SERVER_URL``) or a server URL (``AYON_API_KEY`` is the
            key).
        source_version: Addon version to read from a server; by default
            the production bundle's, when it is Ynput's, else the newest
            installed version of Ynput's addon.

    Returns:
        The settings and a description of where they came from.

    Raises:
        ApplicationLaunchFailed: Unreadable file, no such version.
    """
    if source == SERVER_SOURCE or source.startswith(("http://", "https://")):
        return _settings_from_server(source, source_version)
    data = read_json_file(source)
    if isinstance(data, dict) and isinstance(data.get("studio"), dict):
        data = data["studio"]
    if not isinstance(data, dict):
        raise ApplicationLaunchFailed(
            f"Settings file \"{source}\" does not hold settings (a JSON"
            " object)"
        )
    return data, f"file \"{source}\""


def _settings_from_server(
    source: str, version: Optional[str]
) -> Tuple[Dict[str, Any], str]:
    import ayon_api

    api: Any = ayon_api
    if source == SERVER_SOURCE:
        require_server("read Ynput's Applications settings from the server")
    else:
        api = ayon_api.ServerAPI(source, token=os.environ.get("AYON_API_KEY"))
    where = "the AYON server" if source == SERVER_SOURCE else source
    if not version:
        version = _ynput_version(api, where)
    settings = api.get_addon_studio_settings(ADDON_NAME, version)
    return settings, f"{where}, {ADDON_NAME} {version}"


def _ynput_version(api: Any, where: str) -> str:
    bundles = api.get_bundles() or {}
    production = bundles.get("productionBundle")
    for bundle in bundles.get("bundles") or []:
        if bundle.get("name") == production:
            version = (bundle.get("addons") or {}).get(ADDON_NAME)
            if version and not version.endswith(OWN_VERSION_SUFFIX):
                return version
    installed = []
    for addon in (api.get_addons_info(details=False) or {}).get("addons", []):
        if addon.get("name") == ADDON_NAME:
            installed = [
                version for version in addon.get("versions") or {}
                if not version.endswith(OWN_VERSION_SUFFIX)
            ]
    if not installed:
        raise ApplicationLaunchFailed(
            f"Cannot wrap installations: {where} has no version of Ynput's"
            f" \"{ADDON_NAME}\" addon (only versions ending in"
            f" {OWN_VERSION_SUFFIX}, this addon's); name one with"
            " --source-version or give a settings file"
        )
    return max(installed, key=_version_key)


def _version_key(version: str) -> Tuple[Tuple[int, Any], ...]:
    """Sort key of a semver-like version: numbers as numbers."""
    core = version.split("+", 1)[0]
    release, _sep, pre = core.partition("-")
    key = [(0, int(part)) if part.isdigit() else (1, part)
           for part in release.split(".")]
    # A release sorts after its pre-releases.
    key.append((2, "") if not pre else (1, pre))
    return tuple(key)


def wrap_installations(
    settings: Dict[str, Any],
    repository: str,
    source: str = "",
    force: bool = False,
    report: Optional[Callable[[PackageResult], None]] = None,
) -> WrapResult:
    """Write the wrapper packages of 1.x settings into a rez repository.

    Args:
        settings: Studio settings (or overrides) of Ynput's addon.
        repository: The rez repository folder (must exist).
        source: Where the settings came from, for messages.
        force: Rewrite package versions that already exist.
        report: Called with each result as soon as it is known.

    Raises:
        ApplicationLaunchFailed: Missing repository, a package that
            could not be written (nothing half-written is left).
    """
    repository = os.path.abspath(repository)
    if not os.path.isdir(repository):
        raise ApplicationLaunchFailed(
            f"Cannot wrap installations: rez repository \"{repository}\""
            " does not exist (create it first)"
        )
    conversion = convert_overrides(settings)
    if not conversion.converted:
        raise ApplicationLaunchFailed(
            "Cannot wrap installations: the settings from"
            f" {source or 'the input'} are not Ynput's Applications"
            " settings (1.x): they have no application groups to convert"
        )
    result = WrapResult(source, notes=conversion.notes)
    plans = [plan for wrapper in conversion.wrappers
             for plan in wrapper_plans(wrapper)]
    platforms = sorted({name for wrapper in conversion.wrappers
                        for name in wrapper.programs})
    plans += [(platform_marker(name), f"rez platform {REZ_PLATFORMS[name]}")
              for name in platforms]
    try:
        result.packages = write_packages(repository, plans, force, report)
    except PackageWriteFailed as failed:
        raise ApplicationLaunchFailed(
            f"Cannot wrap installations: {failed.what} ({failed.label})"
            f" could not be written in \"{repository}\": {failed.cause}"
            " (nothing written for it)"
        ) from failed.cause
    return result


def wrapper_plans(wrapper: Wrapper) -> List[Tuple[PackageSpec, str]]:
    """The package of one converted variant, one spec per platform
    variant (the same ``package.py``; each run adds its variant)."""
    lines = []
    for platform_name in PLATFORMS:
        if platform_name not in wrapper.programs:
            continue
        folders = wrapper.folders.get(platform_name) or []
        keyword = "elif" if lines else "if"
        lines.append(
            f"{keyword} system.platform == "
            f"{REZ_PLATFORMS[platform_name]!r}:"
        )
        # prepend in reverse: the first folder ends up first on PATH
        lines += [f"    env.PATH.prepend({_folder_code(folder)})"
                  for folder in reversed(folders)]
        if not folders:
            lines.append("    pass  # found on the system PATH, as before")
    return [
        (PackageSpec(
            name=wrapper.name,
            version=wrapper.version,
            description=(
                f"{wrapper.label} as installed, from {wrapper.source} of"
                " Ynput's Applications settings: puts the program's folder"
                " on PATH, nothing else"
            ),
            commands=lines,
            platform=platform_name,
            written_by="wrap-installations",
        ), f"{wrapper.label} from {wrapper.source},"
           f" {REZ_PLATFORMS[platform_name]}")
        for platform_name in PLATFORMS if platform_name in wrapper.programs
    ]


def _folder_code(folder: str) -> str:
    """Python source of a folder for ``commands()``, injection free.

    Text is a ``repr`` inside rez's ``literal()`` (rez expands neither
    ``{...}`` nor ``$VAR`` in it); a ``{VAR}`` reference becomes
    ``getenv('VAR')``, read when the app launches, as 1.x read it.
    """
    parts = split_references(folder) or [(folder, False)]
    code = " + ".join(
        f"getenv({text!r})" if is_reference else repr(text)
        for text, is_reference in parts
    )
    return f"literal({code})"

