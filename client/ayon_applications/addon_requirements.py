"""What each addon of a bundle requires, as the AYON server knows it.

An addon's ``package.py`` declares ``ayon_required_addons`` (must be in
the bundle, in range), ``ayon_soft_required_addons`` and
``ayon_compatible_addons`` (if in the bundle, in range; ``None`` for a
required addon: must not be in the bundle). The server reads them when
it loads the addon, but no endpoint lists them: the addon list
(``GET /api/addons?details=1``) gives per version only settings flags,
frontend scopes, client ``pyproject``, client sources, services and
broken state, and ``GET /api/bundles`` gives the addon versions of each
bundle. The server applies them in ``POST /api/bundles/check``, which
answers ``issues`` (``severity``, ``addon``, ``message``,
``requiredAddon``) for a bundle it is shown, without storing it.

So this module shows the server two small bundles per addon ``A``:

1. ``A`` alone: each required addon ``X`` is an error ``"X is
   required"``.
2. ``A`` with every other addon installed on the server or in the
   bundle (and each ``X``) at version ``0.0.0``: each requirement
   whose range leaves out ``0.0.0`` is an issue that quotes the range
   (``"X >=1.8.0 is required"``, ``"only compatible with Y
   >=0.7.0"``), a forbidden one ``"X must not be used"``.

A required addon whose range takes ``0.0.0`` (``<2.0.0``) keeps an
unknown range (None). When the server cannot answer (no such endpoint,
no permission, another answer shape), :class:`RequirementsUnavailable`
is raised and the caller falls back to ``ayon_core`` of the bundle.
"""
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Set

PROBE_VERSION = "0.0.0"
CHECK_ENDPOINT = "bundles/check"


class RequirementsUnavailable(Exception):
    """The server did not tell the requirements."""


@dataclass
class AddonRequirements:
    """Declared requirements of one addon version.

    Attributes:
        required: Addon name -> AYON range (``""`` any version, None
            unknown).
        weak: Addon name -> AYON range that must hold if the addon is
            there (soft required and compatible addons).
        excluded: Addons that must not be there.
    """

    required: Dict[str, Optional[str]] = field(default_factory=dict)
    weak: Dict[str, str] = field(default_factory=dict)
    excluded: List[str] = field(default_factory=list)


def read_requirements(
    bundle_name: str,
    addons: Dict[str, str],
    addon_names: Iterable[str],
    installer_version: Optional[str],
    known_addons: Iterable[str] = (),
) -> Dict[str, AddonRequirements]:
    """Ask the server what each of ``addon_names`` requires.

    Args:
        bundle_name: Name shown with the probe bundles (a valid name).
        addons: Addon versions of the bundle, name -> version.
        addon_names: The addons to ask about.
        installer_version: Launcher version of the bundle.
        known_addons: Other addon names to ask about (installed ones):
            a compatible addon need not be in the bundle.

    Returns:
        Addon name -> its requirements.

    Raises:
        RequirementsUnavailable: The server could not tell.
    """
    result = {}
    known = set(known_addons)
    for name in addon_names:
        result[name] = _addon_requirements(
            bundle_name, name, addons, installer_version, known
        )
    return result


def _addon_requirements(
    bundle_name: str,
    addon_name: str,
    addons: Dict[str, str],
    installer_version: Optional[str],
    known: Set[str],
) -> AddonRequirements:
    version = addons[addon_name]
    found = AddonRequirements()
    alone = _check(bundle_name, {addon_name: version}, installer_version)
    for issue in _issues_of(alone, addon_name):
        if issue["severity"] == "error":
            found.required[issue["requiredAddon"]] = ""
    others = (set(addons) | known | set(found.required)) - {addon_name}
    probe = {name: PROBE_VERSION for name in others}
    probe[addon_name] = version
    unknown = set(found.required)
    for issue in _issues_of(
        _check(bundle_name, probe, installer_version), addon_name
    ):
        other = issue["requiredAddon"]
        message = issue["message"]
        if message == f"{other} must not be used":
            found.excluded.append(other)
            continue
        requirement = _quoted_range(message, other)
        if requirement is None:
            continue
        if other in found.required:
            found.required[other] = requirement
            unknown.discard(other)
        else:
            found.weak[other] = requirement
    for other in unknown:
        found.required[other] = None
    found.excluded.sort()
    return found


def _quoted_range(message: str, addon_name: str) -> Optional[str]:
    """The range in ``"X R is required"`` / ``"only compatible with X R"``.
    """
    prefix = f"{addon_name} "
    suffix = " is required"
    if message.startswith(prefix) and message.endswith(suffix):
        text = message[len(prefix):-len(suffix)].strip()
        return text or None
    compatible = f"only compatible with {addon_name} "
    if message.startswith(compatible):
        return message[len(compatible):].strip() or None
    return None


def _issues_of(
    issues: List[Dict[str, Any]], addon_name: str
) -> List[Dict[str, Any]]:
    """Issues the addon raises about another addon."""
    return [
        issue for issue in issues
        if issue.get("addon") == addon_name
        and issue.get("requiredAddon")
        and issue.get("requiredAddon") != addon_name
        and isinstance(issue.get("message"), str)
    ]


def _check(
    bundle_name: str,
    addons: Dict[str, str],
    installer_version: Optional[str],
) -> List[Dict[str, Any]]:
    import ayon_api

    try:
        response = ayon_api.post(
            CHECK_ENDPOINT,
            name=bundle_name,
            addons=addons,
            installerVersion=installer_version,
        )
    except Exception as exc:  # noqa: BLE001 - any failure means "unknown"
        raise RequirementsUnavailable(str(exc)) from exc
    if response.status_code != 200:
        raise RequirementsUnavailable(
            f"{CHECK_ENDPOINT} answered {response.status_code}:"
            f" {response.detail}"
        )
    data = response.data
    issues = data.get("issues") if isinstance(data, dict) else None
    if not isinstance(issues, list):
        raise RequirementsUnavailable(
            f"{CHECK_ENDPOINT} answered without an issue list"
        )
    return [issue for issue in issues if isinstance(issue, dict)]
