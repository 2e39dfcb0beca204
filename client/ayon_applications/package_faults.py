"""Faults of package code and package repositories, told in plain words.

rez runs code the studio's packages hold: a whole ``package.py`` when it
reads one, its early and late bound functions, and ``commands()``,
``pre_commands()``, ``post_commands()`` when a context's environment is
made. That code may raise anything, call ``sys.exit()`` or raise
``KeyboardInterrupt``; rez lets most of that through, and a ``SystemExit``
would end the AYON launcher itself. A repository may also be unreadable
for the user, or gone by the time the launch needs it.

:func:`guard_package_code` wraps a call into rez and turns such a fault
into one :class:`ApplicationLaunchFailed` naming the package (found by
``package_spots``), the file and line, what happened and what to do.
:func:`unreadable_failure` explains packages rez missed because the user
may not read them; :func:`vanished_failure` packages gone since the
resolve.

No rez import: this reads exceptions, paths and the environment only.
"""
import contextlib
import errno
import logging
import os
import re
import threading
from typing import Iterator, List, Mapping, Optional, Sequence, Tuple

from .exceptions import ApplicationLaunchFailed
from .os_failures import current_user
from .package_spots import (
    COMMANDS_ERROR_RE,
    PackageSpot,
    find_package_spot,
    package_of_path,
)
from .requests import ComposedRequest
from .resolve_errors import MISSING_FAMILY_RE, failure
from .rules import request_package_name

log = logging.getLogger(__name__)

#: rez's text of a package resource (``PackageDefinitionFileMissing``).
_RESOURCE_RE = re.compile(
    r"'location': '(?P<location>[^']+)', 'name': '(?P<name>[^']+)',"
    r" 'version': '(?P<version>[^']*)'"
)
#: rez's message of a definition value of the wrong type.
_INVALID_KEY_RE = re.compile(r"^Validation of key '(\w+)' failed")


def _first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines()]
    return next((line for line in lines if line), "")


def _exit_call(error: SystemExit) -> str:
    return f"sys.exit({'' if error.code is None else repr(error.code)})"


def _where(spot: PackageSpot) -> str:
    at = f"\"{spot.path}\""
    if spot.line:
        at += f", line {spot.line}"
        if spot.line_in_function:
            at += f" of {spot.function}()"
    if spot.function is None:
        return f"while rez read its definition ({at})"
    return f"in its {spot.function}() ({at})"


def _unreadable(spot: PackageSpot, error: OSError) -> str:
    """A file or folder of the package rez could not read."""
    if isinstance(error, PermissionError):
        user = current_user()
        return (
            f"cannot be read: permission denied, user {user} may not read"
            f" \"{spot.path}\"; ask an administrator to let {user} read"
            " the package repository, then launch again"
        )
    if error.errno == errno.ENOENT:
        return (
            f"is gone: \"{spot.path}\" no longer exists (the repository"
            " was removed, moved or unmounted?); check the package"
            " repository, then launch again"
        )
    return (
        f"cannot be read: {error.strerror or error} (\"{spot.path}\");"
        " check the package repository, then launch again"
    )


def _what_happened(spot: PackageSpot) -> str:
    """What the package did, where, and what to do, in plain words."""
    error = spot.error
    fix = (
        f"fix the package {spot.package} or remove it from the"
        " repository, then launch again"
    )
    if spot.kind == "file" and isinstance(error, OSError):
        return _unreadable(spot, error)
    if isinstance(error, SystemExit):
        happened = (
            f"it called {_exit_call(error)}, which would end the program"
            " that reads it"
        )
    elif isinstance(error, KeyboardInterrupt):
        happened = "it raised KeyboardInterrupt"
    elif isinstance(error, SyntaxError):
        happened = f"syntax error ({error.msg})"
    elif spot.kind == "code":
        happened = f"{type(error).__name__}: {_first_line(error)}"
    else:  # rez's message: its first line is its own
        text = str(error)
        if COMMANDS_ERROR_RE.match(text):
            text = text.partition("\n")[2]
        invalid = _INVALID_KEY_RE.match(text)
        if invalid:
            text = (
                f"its {invalid.group(1)} is not valid"
                f" ({text.strip().splitlines()[-1].strip()})"
            )
        happened = _first_line(text)
    return f"failed {_where(spot)}: {happened}; {fix}"


def package_fault(
    subject: str,
    request: ComposedRequest,
    exc: BaseException,
    roots: Sequence[str],
) -> Optional[ApplicationLaunchFailed]:
    """The error to raise for a fault of package code or a repository.

    Args:
        subject: What is launched, e.g. ``"maya/2025" in project "show"``.
        request: The request being resolved.
        exc: What a call into rez raised.
        roots: The packages paths of the resolve.

    Returns:
        None when ``exc`` names no package and is not an exit or an
        interrupt raised by code (those are always stopped here).
    """
    spot = find_package_spot(exc, roots)
    if spot is None:
        if isinstance(exc, SystemExit) or (
            isinstance(exc, KeyboardInterrupt)
            and threading.current_thread() is not threading.main_thread()
        ):
            code = (
                _exit_call(exc) if isinstance(exc, SystemExit)
                else "KeyboardInterrupt"
            )
            return failure(
                subject, request,
                f"code run by rez ({code}) tried to end the program; no"
                " package file of the packages paths is in the traceback"
                " (a rez plugin or a package's included module?); the"
                " log at debug level, -v, shows where", "",
            )
        return None
    return failure(
        subject, request,
        f"the package {spot.package} {_what_happened(spot)}", "",
    )


@contextlib.contextmanager
def guard_package_code(
    subject: str, request: ComposedRequest, roots: Sequence[str]
) -> Iterator[None]:
    """Turn a fault of package code in the block into one error.

    Anything the block raises that :func:`package_fault` attributes to a
    package (``SystemExit`` and ``KeyboardInterrupt`` included) becomes
    :class:`ApplicationLaunchFailed`; the traceback goes to the debug log.
    Everything else passes unchanged.
    """
    try:
        yield
    except ApplicationLaunchFailed:
        raise
    except BaseException as exc:  # noqa: BLE001 - package code may exit
        converted = package_fault(subject, request, exc, roots)
        if converted is None:
            raise
        log.debug("Package fault", exc_info=exc)
        raise converted from None


def unreadable_paths(
    roots: Sequence[str], families: Sequence[str], text: str = ""
) -> List[str]:
    """Folders and files of the repositories the user may not read.

    rez takes a folder it may not list for an empty one (``package family
    not found``, ``Missing package definition file``), so after such an
    error the families concerned are checked: those of the request, and
    those rez's message ``text`` names.
    """
    names = set(families)
    names.update(MISSING_FAMILY_RE.findall(text))
    candidates = []
    for match in _RESOURCE_RE.finditer(text):
        candidates.append(os.path.join(
            match.group("location"), match.group("name"),
            match.group("version"),
        ))
    for root in roots:
        candidates.extend(os.path.join(root, name) for name in sorted(names))
    found = []
    for path in candidates:
        if not os.path.lexists(path) or path in found:
            continue
        if not os.access(path, os.R_OK | os.X_OK):
            found.append(path)
            continue
        try:
            entries = sorted(os.listdir(path))
        except OSError:
            continue
        found.extend(
            os.path.join(path, entry) for entry in entries
            if os.path.isdir(os.path.join(path, entry))
            and not os.access(os.path.join(path, entry), os.R_OK | os.X_OK)
        )
    return list(dict.fromkeys(found))


def unreadable_failure(
    subject: str,
    request: ComposedRequest,
    roots: Sequence[str],
    rez_text: str,
) -> Optional[ApplicationLaunchFailed]:
    """The error to raise when rez missed packages it may not read.

    Returns:
        None when nothing the request concerns is unreadable.
    """
    families = [
        name for name in (
            request_package_name(text) for text in request.requests
        ) if name
    ]
    found = unreadable_paths(roots, families, rez_text)
    if not found:
        return None
    user = current_user()
    listed = ", ".join(
        f"\"{path}\" ({(package_of_path(path, roots) or (path,))[0]})"
        for path in found
    )
    return failure(
        subject, request,
        f"permission denied: user {user} may not read {listed} in the"
        " rez repository, so rez does not see the packages there; ask an"
        f" administrator to let {user} read it, then launch again",
        rez_text,
    )


def vanished_roots(
    env: Mapping[str, str], packages: Mapping[str, str]
) -> List[Tuple[str, str]]:
    """Resolved packages whose folder is gone.

    A package is gone when neither its folder in the repository
    (``REZ_<NAME>_BASE``, which holds its ``package.py``) nor its root
    (``REZ_<NAME>_ROOT``: its variant's folder, which a variant without
    payload may lack, or the local payload cache's copy) is a folder.

    Args:
        env: The environment rez made for the packages.
        packages: Package name to its ``name-version``.

    Returns:
        ``(name-version, folder)`` of each package gone.
    """
    gone = []
    for name, package in packages.items():
        prefix = f"REZ_{name.upper().replace('.', '_')}"
        folders = [
            env[key] for key in (f"{prefix}_BASE", f"{prefix}_ROOT")
            if env.get(key)
        ]
        if folders and not any(os.path.isdir(path) for path in folders):
            gone.append((package, folders[0]))
    return gone


def vanished_failure(
    subject: str, request: ComposedRequest, gone: Sequence[Tuple[str, str]]
) -> ApplicationLaunchFailed:
    """The error to raise when resolved packages disappeared."""
    listed = ", ".join(f"{package} (\"{root}\")" for package, root in gone)
    return failure(
        subject, request,
        f"resolved packages are gone since the resolve: {listed} no longer"
        " exist (the repository was removed, moved or unmounted?); check"
        " the package repository, then launch again",
        "",
    )
