"""Which package a failure of rez comes from, found in the exception.

rez runs code the studio's packages hold (a whole ``package.py`` when it
reads one, early and late bound functions, ``commands()`` and friends)
and reads their files and folders. When that fails, the package is
found (:func:`find_package_spot`) in: the file of a traceback frame
inside a packages path (rez names the code of a package function
``<PATH:FUNCTION>``), a ``SyntaxError``'s or ``OSError``'s file, a path
rez wrote into its message, or the package resource rez was reading.

No rez import: this reads exceptions and paths only.
"""
import os
import re
import traceback
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

#: rez names the compiled code of a package function ``<PATH:NAME>``.
_REZ_CODE_NAME_RE = re.compile(r"^<(?P<path>.+):(?P<function>\w+)>$")
#: rez's message of a failed ``commands()`` (``PackageCommandError``).
COMMANDS_ERROR_RE = re.compile(r"^Error in (\w+) in package ")


@dataclass(frozen=True)
class PackageSpot:
    """Where in a repository a fault comes from.

    Attributes:
        package: ``family-version`` (``family`` for an unversioned
            package or a family folder).
        path: The file or folder in the repository.
        line: Line in ``path``, when known.
        function: The package function that ran (``commands``,
            ``requires``...); None for the ``package.py`` file itself.
        line_in_function: ``line`` counts from the function's ``def``
            (rez runs a function's source on its own).
        error: The exception the spot was found in.
        kind: How: ``code`` (``error`` was raised by the package's code
            at ``path``), ``file`` (``error`` is about the file or
            folder ``path``: an ``OSError``, a ``SyntaxError``) or
            ``rez`` (rez's message or the package rez was reading name
            ``path``).
    """

    package: str
    path: str
    line: Optional[int]
    function: Optional[str]
    error: BaseException
    kind: str
    line_in_function: bool = False


def package_of_path(
    path: str, roots: Sequence[str]
) -> Optional[Tuple[str, str]]:
    """The package a path of a repository belongs to.

    Returns:
        ``(package, root)``: ``maya-2025.1`` for
        ``ROOT/maya/2025.1/...``, ``maya`` for ``ROOT/maya`` and
        ``ROOT/maya/package.py``; None outside every root.
    """
    path = os.path.normpath(path)
    folded = os.path.normcase(path)
    for root in roots:
        base = os.path.normcase(os.path.normpath(root)).rstrip(os.sep)
        if not folded.startswith(base + os.sep):
            continue
        root = os.path.normpath(root)
        parts = path[len(base) + 1:].split(os.sep)
        family = parts[0]
        if len(parts) == 1 or parts[1].startswith("package."):
            return family, root
        return f"{family}-{parts[1]}", root
    return None


def exception_chain(exc: BaseException) -> List[BaseException]:
    """``exc`` and what it was raised from or during, outermost first."""
    chain: List[BaseException] = []
    current: Optional[BaseException] = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _frame_spot(
    error: BaseException, roots: Sequence[str]
) -> Optional[PackageSpot]:
    """The innermost traceback frame of ``error`` in a repository."""
    found = None
    for frame in traceback.extract_tb(error.__traceback__):
        filename, function = frame.filename, None
        match = _REZ_CODE_NAME_RE.match(filename)
        if match:
            filename, function = match.group("path"), match.group("function")
        elif frame.name != "<module>":
            function = frame.name
        owner = package_of_path(filename, roots)
        if owner is not None:
            found = PackageSpot(
                owner[0], filename, frame.lineno, function, error, "code",
                line_in_function=bool(match),
            )
    return found


def _object_spot(
    error: BaseException, roots: Sequence[str]
) -> Optional[PackageSpot]:
    """The package rez was reading when ``error`` was raised.

    rez checks a definition's values in methods of the package's
    resource, whose ``filepath`` is then stored on it; only stored
    values are read here, nothing is computed.
    """
    found = None
    tb = error.__traceback__
    while tb is not None:
        owner_object = tb.tb_frame.f_locals.get("self")
        filepath = getattr(owner_object, "__dict__", {}).get("filepath")
        if isinstance(filepath, str):
            owner = package_of_path(filepath, roots)
            if owner is not None:
                found = PackageSpot(
                    owner[0], filepath, None, None, error, "rez"
                )
        tb = tb.tb_next
    return found


def _file_spot(
    error: BaseException, roots: Sequence[str]
) -> Optional[PackageSpot]:
    """A ``SyntaxError``'s or ``OSError``'s file in a repository."""
    filename = getattr(error, "filename", None)
    if not isinstance(filename, str):
        return None
    owner = package_of_path(filename, roots)
    if owner is None:
        return None
    line = error.lineno if isinstance(error, SyntaxError) else None
    return PackageSpot(owner[0], filename, line, None, error, "file")


def _message_spot(
    error: BaseException, roots: Sequence[str]
) -> Optional[PackageSpot]:
    """A repository path rez wrote into its message."""
    text = str(error)
    function = None
    match = COMMANDS_ERROR_RE.match(text)
    if match:
        function = match.group(1)
    for root in roots:
        pattern = re.escape(os.path.normpath(root)) + r"[/\\][^\s'\"\[\]<>:]+"
        for found in re.finditer(pattern, text):
            owner = package_of_path(found.group(0), roots)
            if owner is not None:
                return PackageSpot(
                    owner[0], found.group(0), None, function, error, "rez"
                )
    return None


def find_package_spot(
    exc: BaseException, roots: Sequence[str]
) -> Optional[PackageSpot]:
    """The package a failure of rez comes from, if it names one.

    The exception and what it was raised from are searched in turn, the
    innermost first: frames in a repository, then an error's own file,
    then repository paths in rez's message; last, outermost first, the
    package resource rez was reading.

    Args:
        exc: What rez raised.
        roots: The packages paths of the resolve.
    """
    chain = exception_chain(exc)
    inner_first = list(reversed(chain))
    # rez's own checks: its outermost message is the one written for
    #   people
    for finder, errors in (
        (_frame_spot, inner_first),
        (_file_spot, inner_first),
        (_message_spot, inner_first),
        (_object_spot, chain),
    ):
        for error in errors:
            spot = finder(error, roots)
            if spot is not None:
                return spot
    return None
