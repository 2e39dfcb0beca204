"""The running AYON bundle and the rez request made from it.

The bundle that runs is named by the AYON launcher's environment:

- ``AYON_STUDIO_BUNDLE_NAME``: the studio bundle (launcher 1.4+);
- ``AYON_BUNDLE_NAME``: the bundle in use; when it differs from the
  studio bundle it is the project bundle laid over it. Older launchers
  set only this one, and it is then the studio bundle;
- ``AYON_USE_DEV`` / ``AYON_USE_STAGING`` (``"1"``) and
  ``AYON_DEFAULT_SETTINGS_VARIANT``: the settings variant
  (``production``, ``staging`` or, for a dev bundle, its own name);
- ``AYON_VERSION``: the launcher's version.

The effective addon versions (studio bundle, then the project bundle on
top, as the server decides) are asked from the server with the same
``settings`` summary request the launcher uses.

AYON versions are semver; rez versions are not. :func:`rez_safe_version`
is the one mapping between them, see its docstring (it lives in
``rez_versions`` with the other AYON-to-rez mappings, and is imported
from here too).

This module does not import rez.
"""
import os
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, Iterable, List, Optional

from .exceptions import ApplicationLaunchFailed
from .rez_versions import (
    rez_bundle_version,
    rez_safe_name,
    rez_safe_version,
    rez_version_range,
)
from .settings_views import (
    DEFAULT_LAUNCHER_PACKAGE_NAME,
    DEFAULT_PACKAGE_NAME_TEMPLATE,
    RequestMode,
)

__all__ = (
    "BundleInfo",
    "ayon_request_origin",
    "bundle_requests",
    "get_running_bundle",
    "rez_bundle_version",
    "rez_safe_name",
    "rez_safe_version",
    "rez_version_range",
)


@dataclass
class BundleInfo:
    """The running bundle and the addon versions in effect.

    Attributes:
        name: Studio bundle name.
        project_bundle_name: Project bundle laid over the studio bundle,
            or None.
        launcher_version: AYON launcher version ("" when unknown).
        addons: Effective addon name -> version.
        is_dev: The studio bundle is a dev bundle.
        dev_variant: Settings variant of a dev bundle (its name), or None.
        variant: Settings variant (``production``, ``staging`` or the dev
            bundle's name).
    """

    name: str = ""
    project_bundle_name: Optional[str] = None
    launcher_version: str = ""
    addons: Dict[str, str] = field(default_factory=dict)
    is_dev: bool = False
    dev_variant: Optional[str] = None
    variant: str = "production"

    @property
    def effective_name(self) -> str:
        """Name of the bundle in use: the project bundle, if any."""
        return self.project_bundle_name or self.name

    def to_data(self) -> Dict[str, Any]:
        """Plain JSON-able data (see :meth:`from_data`)."""
        return asdict(self)

    @classmethod
    def from_data(cls, data: Optional[Dict[str, Any]]) -> "BundleInfo":
        """Build from :meth:`to_data` output or a settings file's
        ``bundle`` section (``name``, ``launcher_version``, ``addons``).

        Args:
            data: The data; missing keys take their defaults.

        Returns:
            The bundle info.
        """
        data = data or {}
        addons = data.get("addons") or {}
        return cls(
            name=str(data.get("name") or ""),
            project_bundle_name=data.get("project_bundle_name") or None,
            launcher_version=str(data.get("launcher_version") or ""),
            addons={
                str(name): str(version)
                for name, version in addons.items()
                if version
            },
            is_dev=bool(data.get("is_dev", False)),
            dev_variant=data.get("dev_variant") or None,
            variant=str(data.get("variant") or "production"),
        )


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def _find_bundle(
    bundles: Iterable[Dict[str, Any]], name: Optional[str]
) -> Optional[Dict[str, Any]]:
    for bundle in bundles:
        if bundle.get("name") == name:
            return bundle
    return None


def _default_studio_bundle(
    bundles_info: Dict[str, Any], use_dev: bool, use_staging: bool
) -> Optional[str]:
    """The studio bundle when the launcher named none (as it chooses)."""
    import ayon_api

    if use_dev:
        username = (ayon_api.get_user() or {}).get("name")
        for bundle in bundles_info.get("bundles") or []:
            if bundle.get("isDev") and bundle.get("activeUser") == username:
                return bundle["name"]
    if use_staging:
        return bundles_info.get("stagingBundle")
    return bundles_info.get("productionBundle")


def get_running_bundle(
    project_name: Optional[str] = None, bundle_name: Optional[str] = None
) -> BundleInfo:
    """Read the running bundle and its effective addon versions.

    The studio bundle is ``AYON_STUDIO_BUNDLE_NAME`` (else
    ``AYON_BUNDLE_NAME``, else the server's production/staging/dev bundle
    as the launcher would pick it). A project bundle is
    ``AYON_BUNDLE_NAME`` when it differs from the studio bundle; without
    one and with ``project_name`` given, the server picks the project's
    own bundle (a farm job keeps the bundle it was submitted with,
    because ``AYON_BUNDLE_NAME`` wins).

    Args:
        project_name: Project of the launch, if any.
        bundle_name: Studio bundle to read instead of the launcher's
            (``rezify-bundle --bundle``); the launcher's project bundle
            is then not laid over it, ``project_name``'s is.

    Returns:
        The bundle info.

    Raises:
        ApplicationLaunchFailed: A named bundle is not on the server.
    """
    import ayon_api

    env_bundle = os.environ.get("AYON_BUNDLE_NAME") or None
    studio_name = os.environ.get("AYON_STUDIO_BUNDLE_NAME") or env_bundle
    project_bundle_name = None
    if bundle_name:
        studio_name = bundle_name
    elif env_bundle and env_bundle != studio_name:
        project_bundle_name = env_bundle

    use_dev = _env_flag("AYON_USE_DEV")
    use_staging = _env_flag("AYON_USE_STAGING")
    bundles_info = ayon_api.get_bundles()
    bundles = bundles_info.get("bundles") or []
    if not studio_name:
        studio_name = _default_studio_bundle(
            bundles_info, use_dev, use_staging
        )
        if not studio_name:
            raise ApplicationLaunchFailed(
                "No AYON bundle is running (AYON_BUNDLE_NAME is not set)"
                " and the server has no "
                + ("dev" if use_dev else "staging" if use_staging
                   else "production")
                + " bundle"
            )
    studio_bundle = _find_bundle(bundles, studio_name)
    if studio_bundle is None:
        raise ApplicationLaunchFailed(
            f"AYON bundle \"{studio_name}\" was not found on the server"
        )
    project_bundle = None
    if project_bundle_name:
        project_bundle = _find_bundle(bundles, project_bundle_name)
        if project_bundle is None:
            raise ApplicationLaunchFailed(
                f"AYON project bundle \"{project_bundle_name}\" was not"
                " found on the server"
            )

    # A named bundle is what it is, whatever mode the launcher runs in.
    is_dev = bool(studio_bundle.get("isDev")) or (
        use_dev and not bundle_name
    )
    if is_dev:
        variant = studio_name
    else:
        variant = os.environ.get("AYON_DEFAULT_SETTINGS_VARIANT") or (
            "staging" if use_staging else "production"
        )
        if variant not in ("production", "staging"):
            variant = "production"

    query: Dict[str, Any] = {
        "summary": "true",
        "bundle_name": studio_name,
        "variant": variant,
    }
    if project_bundle_name:
        query["project_bundle_name"] = project_bundle_name
    elif project_name and not is_dev:
        query["project_name"] = project_name
    response = ayon_api.get("settings", **query)
    if response.status_code != 200:
        raise ApplicationLaunchFailed(
            "Cannot read the addon versions of AYON bundle"
            f" \"{project_bundle_name or studio_name}\" from the server:"
            f" {response.detail}"
        )
    settings = response.data
    addons = {
        item["name"]: item["version"]
        for item in settings.get("addons") or []
        if item.get("version")
    }
    answered_name = settings.get("bundleName")
    if (
        not project_bundle_name
        and answered_name
        and answered_name != studio_name
    ):
        # The server laid the project's own bundle over the studio's.
        project_bundle_name = answered_name
        project_bundle = _find_bundle(bundles, answered_name)

    # A named bundle runs its own launcher, not necessarily this one.
    launcher_version = "" if bundle_name else (
        os.environ.get("AYON_VERSION") or ""
    )
    if not launcher_version:
        for bundle in (project_bundle, studio_bundle):
            if bundle and bundle.get("installerVersion"):
                launcher_version = bundle["installerVersion"]
                break

    return BundleInfo(
        name=studio_name,
        project_bundle_name=project_bundle_name,
        launcher_version=launcher_version,
        addons=addons,
        is_dev=is_dev,
        dev_variant=studio_name if is_dev else None,
        variant=variant,
    )


def bundle_requests(
    bundle: BundleInfo,
    mode: str,
    package_name_template: str = DEFAULT_PACKAGE_NAME_TEMPLATE,
    include_launcher: bool = True,
    launcher_package_name: str = DEFAULT_LAUNCHER_PACKAGE_NAME,
    extra: Iterable[str] = (),
) -> List[str]:
    """The bundle's AYON request, one rez request per addon.

    Requests come in this order: the launcher, the addons by name, then
    ``extra``. Package names are made rez-safe (:func:`rez_safe_name`),
    versions too (:func:`rez_safe_version`).

    Args:
        bundle: The running bundle.
        mode: ``"weak"`` (``~ayon_core==1.4.0``), ``"strict"``
            (``ayon_core==1.4.0``) or ``"off"`` (no request at all).
        package_name_template: Package name per addon; ``{addon_name}``.
        include_launcher: Request the launcher's package too.
        launcher_package_name: Package name of the launcher.
        extra: More request templates, added as written after formatting
            ``{bundle_name}`` (the bundle in use: the project bundle if
            any), ``{bundle_version}`` (its rez version, see
            :func:`rez_bundle_version`), ``{studio_bundle_name}``,
            ``{project_bundle_name}`` ("" if none) and
            ``{launcher_version}`` (rez-safe).

    Returns:
        The rez requests.

    Raises:
        ValueError: Unknown mode, a template with an unknown placeholder,
            or a version/name that cannot be made rez-safe.
    """
    mode = RequestMode.parse(mode)
    if mode == RequestMode.OFF:
        return []
    prefix = "~" if mode == RequestMode.WEAK else ""

    requests: List[str] = []
    launcher_version = ""
    if bundle.launcher_version:
        launcher_version = rez_safe_version(bundle.launcher_version)
    if include_launcher and launcher_version:
        name = rez_safe_name(launcher_package_name)
        requests.append(f"{prefix}{name}=={launcher_version}")

    for addon_name in sorted(bundle.addons):
        try:
            wanted = package_name_template.format(addon_name=addon_name)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                f"Package name template \"{package_name_template}\" is"
                f" invalid: {exc!r} (it may use {{addon_name}})"
            ) from None
        version = rez_safe_version(bundle.addons[addon_name])
        requests.append(f"{prefix}{rez_safe_name(wanted)}=={version}")

    values = {
        "bundle_name": bundle.effective_name,
        "bundle_version": (
            rez_bundle_version(bundle.effective_name)
            if bundle.effective_name else ""
        ),
        "studio_bundle_name": bundle.name,
        "project_bundle_name": bundle.project_bundle_name or "",
        "launcher_version": launcher_version,
    }
    for template in extra:
        try:
            request = template.format(**values).strip()
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                f"AYON request template \"{template}\" is invalid:"
                f" {exc!r} (it may use {{bundle_name}}, {{bundle_version}},"
                " {launcher_version})"
            ) from None
        if request:
            requests.append(request)
    return requests


def ayon_request_origin(bundle: BundleInfo, mode: str) -> str:
    """Where the AYON request comes from, as launch errors name it.

    In ``strict`` mode the packages must have been written by
    ``rezify-bundle``; the text says so, so that a farm job whose bundle
    was never rezified tells the admin what to run.

    Args:
        bundle: The running bundle.
        mode: The AYON request mode.

    Returns:
        E.g. ``AYON bundle "Prod" (strict: rez packages written by
        rezify-bundle --bundle Prod)``.
    """
    if mode != "strict":
        return f"AYON bundle \"{bundle.name}\" ({mode})"
    command = f"rezify-bundle --bundle {bundle.name}"
    if bundle.project_bundle_name:
        return (
            f"AYON bundle \"{bundle.name}\" with project bundle"
            f" \"{bundle.project_bundle_name}\" (strict: rez packages"
            f" written by {command} --project <project>)"
        )
    return (
        f"AYON bundle \"{bundle.name}\" (strict: rez packages written by"
        f" {command})"
    )
