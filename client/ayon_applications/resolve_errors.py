"""Messages of failed resolves: what was launched, the request with the
origin of each part, and rez's own explanation.

No rez import: ``resolver`` hands in rez's texts.
"""
import logging
import os
import re
from typing import Callable, List, Sequence, Tuple

from .exceptions import ApplicationLaunchFailed
from .os_failures import current_user
from .requests import ComposedRequest
from .rules import request_package_name

log = logging.getLogger(__name__)

MISSING_FAMILY_RE = re.compile(r"package family not found: ([\w.]+)")
_MISSING_VERSION_RE = re.compile(r"could not be found: (\S+)")
#: Versions an unknown-version error lists, the latest ones.
MAX_LISTED_VERSIONS = 12
#: Starts the lines of an error that say what exists instead.
HINT_PREFIX = "hint: "


class DevPackagesOnFarm(ApplicationLaunchFailed):
    """A farm job's saved resolve used developer packages.

    Not a reason to resolve again: the render would silently get other
    packages than the artist had.
    """


def failure(
    subject: str, request: ComposedRequest, reason: str, details: str
) -> ApplicationLaunchFailed:
    """The error of a launch that cannot resolve."""
    message = (
        f"Cannot launch {subject}: {reason}.\n\n"
        f"Request:\n{request.describe()}"
    )
    details = (details or "").strip()
    if details:
        message += f"\n\nrez says:\n{details}"
    failed = ApplicationLaunchFailed(message)
    # Parts of the message, for one-line summaries (doctor).
    failed.reason = reason  # type: ignore[attr-defined]
    failed.rez_details = details  # type: ignore[attr-defined]
    return failed


def time_limit_failure(
    subject: str, request: ComposedRequest, limit_s: float, what: str
) -> ApplicationLaunchFailed:
    """The error of a resolve (``what``) stopped by the time limit."""
    return failure(
        subject,
        request,
        f"{what} took longer than the time limit of {limit_s:g} s"
        " (settings rez/resolve_time_limit_s); a package repository may"
        " be slow to read",
        "",
    )


def check_packages_paths(
    subject: str, request: ComposedRequest, paths: Sequence[str]
) -> None:
    """Every packages path must be a reachable folder.

    Raises:
        ApplicationLaunchFailed: None is set, one is missing, or the user
            may not list one.
    """
    if not paths:
        raise failure(
            subject,
            request,
            "no rez packages path is set for this platform"
            " (settings rez/packages_path)",
            "",
        )
    missing = [path for path in paths if not os.path.isdir(path)]
    if missing:
        raise failure(
            subject,
            request,
            "rez packages path is missing or unreachable from this"
            " machine: " + ", ".join(f"\"{path}\"" for path in missing)
            + " (settings rez/packages_path)",
            "",
        )
    # rez would take a folder it may not list for an empty one
    closed = [
        path for path in paths if not os.access(path, os.R_OK | os.X_OK)
    ]
    if closed:
        user = current_user()
        raise failure(
            subject,
            request,
            f"permission denied: user {user} may not read the rez packages"
            " path "
            + ", ".join(f"\"{path}\"" for path in closed)
            + ", so rez would see no packages there; ask an administrator"
            f" to let {user} read it (or correct settings"
            " rez/packages_path), then launch again",
            "",
        )


def raised_details(request: ComposedRequest, text: str) -> str:
    """rez's message of a raised error, with the origin of a missing
    package family."""
    match = MISSING_FAMILY_RE.search(text)
    if match:
        parts = request.origins_of_package(match.group(1))
        if parts:
            origins = "; ".join(
                f"\"{part.request}\" from {part.origin}" for part in parts
            )
            text += f"\nrequested as {origins}"
    return text


def not_found_hints(
    text: str,
    nearest: Callable[[str], List[str]],
    versions: Callable[[str], List[str]],
) -> str:
    """What exists instead of a package rez did not find, as hint lines.

    An unknown family: the nearest family names (``nearest(name)``); an
    unknown version: the versions there are (``versions(name)``). (A
    package of the ``strict`` AYON request names ``rezify-bundle`` by
    its origin.)
    """
    family_match = MISSING_FAMILY_RE.search(text)
    version_match = _MISSING_VERSION_RE.search(text)
    if family_match:
        name = family_match.group(1)
    elif version_match:
        name = request_package_name(version_match.group(1))
    else:
        return ""
    lines = []
    try:
        if family_match:
            found = nearest(name)
            if found:
                lines.append("nearest names: " + ", ".join(found))
        else:
            existing = versions(name)
            shown = existing[-MAX_LISTED_VERSIONS:]
            listed = ", ".join(shown) or "(none)"
            if len(existing) > len(shown):
                listed += f" (and {len(existing) - len(shown)} older)"
            lines.append(f"versions of {name}: {listed}")
    except Exception:  # noqa: BLE001 - hints must not hide the error
        log.debug("No hints for %s", name, exc_info=True)
    return "".join(f"\n{HINT_PREFIX}{line}" for line in lines)


def dev_packages_on_farm(
    subject: str, path: str, packages: List[Tuple[str, str]]
) -> DevPackagesOnFarm:
    """The error of a farm job whose artist used developer packages.

    Args:
        subject: What is launched.
        path: The saved context of the artist's launch.
        packages: ``(package, repository)`` from outside the studio's
            repositories.
    """
    listed = ", ".join(
        f"{package} (from \"{repository}\")"
        for package, repository in packages
    )
    return DevPackagesOnFarm(
        f"Cannot launch {subject} on the farm: the artist's resolve (saved"
        f" context \"{path}\") used developer packages, which farm jobs"
        f" never use: {listed}. Release them to the studio's rez"
        " repositories, or launch without them (site setting"
        " dev_packages_path), and submit again."
    )
