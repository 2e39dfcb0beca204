"""The rez request grammar, without rez.

The AYON server has no rez and the client reads requests before it loads
rez, so both check and read request strings with this small, pure-Python
reading of rez's grammar (``rez.utils.formatting.PackageRequest``):

    request  = ["~" | "!"] name [range]
    name     = word ("." word)*            (rez also allows ".name" for an
                                            ephemeral request)
    range    = ("-" | "@" | "#") ranges    ("maya-2025", "foo@1")
             | ("==" | ">" | ">=" | "<" | "<=") ...   ("foo==1", "foo<3")
    ranges   = part ("|" part)*
    part     = ""                          any version
             | V                           "2025"
             | "==" [V]                    exact
             | [V] ".." [V]                inclusive bounds
             | lower                       "1+", ">1", ">=1"
             | upper                       "<2", "<=2"
             | lower ["," ] upper          "1+<2", "1,<2", ">1<=2"
             | upper "," lower             "<2,>1"
    V        = token (("." | "-") token)*, token = [A-Za-z0-9_]+
    word     = [A-Za-z0-9_]+               ("3delight", "foo.bar" are names)

Like rez, a range whose lower bound lies above its upper bound
("3+<2") is refused; versions are compared as rez compares them
(numbers numerically, letters before numbers).

Where asked (``placeholders=True``; the studio's ``rez/implicit_packages``
only), a request may hold the placeholders rez expands in its own
implicit packages: ``{system.platform}``, ``{system.arch}`` and
``{system.os}`` (``~platform=={system.platform}``). They are checked with
a value of the kind rez puts there; expanding them is the resolver's job.
"""
import re
from typing import Dict, Optional, Tuple

__all__ = [
    "REZ_IMPLICIT_PACKAGES",
    "SYSTEM_PLACEHOLDERS",
    "RequestSyntaxError",
    "check_request",
    "is_valid_request",
    "request_package_name",
]

#: rez's own implicit packages (its ``implicit_packages`` config default):
#: the default of ``rez/implicit_packages`` on the server and the client.
REZ_IMPLICIT_PACKAGES = (
    "~platform=={system.platform}",
    "~arch=={system.arch}",
    "~os=={system.os}",
)

#: Placeholders allowed with ``placeholders=True``, each with a value of
#: the kind rez's ``system`` gives (used only to check the syntax).
SYSTEM_PLACEHOLDERS: Dict[str, str] = {
    "{system.platform}": "linux",
    "{system.arch}": "x86_64",
    "{system.os}": "Ubuntu-22.04",
}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")

_NAME = re.compile(r"[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*\Z")
_VERSION = r"[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*"
_VERSION_RE = re.compile(_VERSION + r"\Z")
_NAME_END = re.compile(r"[-@#=<>]")
_RESERVED_NAMES = {"__pycache__"}

_V = _VERSION
# Forms of one part with bounds (named groups: lop/lv lower operator and
# version, uop/uv upper operator and version).
_LOWER_ONLY = re.compile(
    rf"(?:(?P<lop>>=|>)(?P<lv>{_V})?|(?P<lv2>{_V})?\+)\Z"
)
_ASCENDING = re.compile(
    rf"(?:(?P<lop>>=|>)(?P<lv>{_V})?|(?P<lv2>{_V})?\+?)"
    rf"(?P<comma>,)?(?P<uop><=|<(?={_V}))(?P<uv>{_V})?\Z"
)
_DESCENDING = re.compile(
    rf"(?:(?P<uop><=|<)(?P<uv>{_V})?|(?P<uv2>{_V})?\+?)"
    rf"(?P<comma>,)?(?P<lop><(?={_V})|>=?)(?P<lv>{_V})?\Z"
)

# An endpoint: (version key, inclusive); None = unbounded.
_Endpoint = Tuple[tuple, bool]


class RequestSyntaxError(ValueError):
    """A string that rez would not accept as a package request."""


def _version_key(text: str) -> tuple:
    """Sort key of a rez version: tokens, each of alpha/number runs."""
    key = []
    for token in re.split(r"[.-]", text) if text else []:
        runs = []
        for run in re.findall(r"[0-9]+|[^0-9]+", token):
            runs.append((1, int(run), run) if run.isdigit() else (0, run))
        key.append(tuple(runs))
    return tuple(key)


def _check_bounds(
    part: str, lower: Optional[_Endpoint], upper: Optional[_Endpoint]
) -> None:
    """Refuse a part whose lower bound lies above its upper bound."""
    if upper is None:
        return
    low, low_incl = lower if lower is not None else ((), True)
    high, high_incl = upper
    if low > high or (low == high and not (low_incl and high_incl)):
        raise RequestSyntaxError(
            f"version range '{part}' is empty (lower bound above upper)"
        )


def _bounded_part(part: str) -> Optional[tuple]:
    """Return (lower, upper) endpoints of a bounded part, or None."""
    match = _LOWER_ONLY.match(part)
    if match:
        return None, None
    match = _ASCENDING.match(part)
    if match:
        low_version = match.group("lv") or match.group("lv2")
        if match.group("comma") and not low_version:
            match = None
    if match:
        lower_text = part[:match.start("comma") if match.group("comma")
                          else match.start("uop")]
        lower = None
        if lower_text:
            lower = (_version_key(low_version or ""),
                     match.group("lop") != ">")
        upper = (_version_key(match.group("uv") or ""),
                 match.group("uop") == "<=")
        return lower, upper
    match = _DESCENDING.match(part)
    if match:
        high_version = match.group("uv") or match.group("uv2")
        if bool(match.group("comma")) != bool(high_version):
            return None
        upper_text = part[:match.start("comma") if match.group("comma")
                          else match.start("lop")]
        upper = None
        if upper_text:
            upper = (_version_key(high_version or ""),
                     match.group("uop") != "<")
        lower = (_version_key(match.group("lv") or ""),
                 match.group("lop") != ">")
        return lower, upper
    return None


def _check_part(part: str, check_bounds: bool) -> None:
    """Check one ``|``-separated part of a version range."""
    if part == "" or _VERSION_RE.match(part):
        return
    if part.startswith("=="):
        if part == "==" or _VERSION_RE.match(part[2:]):
            return
        raise RequestSyntaxError(f"bad exact version '{part}'")
    if ".." in part:
        low, _sep, high = part.partition("..")
        for text in (low, high):
            if text and not _VERSION_RE.match(text):
                raise RequestSyntaxError(f"bad version bounds '{part}'")
        bounds = ((_version_key(low), True), (_version_key(high), True))
    else:
        bounds = _bounded_part(part)
        if bounds is None:
            raise RequestSyntaxError(f"bad version range '{part}'")
    if check_bounds:
        _check_bounds(part, *bounds)


def _expand_placeholders(request: str, placeholders: bool) -> str:
    """Replace the allowed placeholders by sample values; refuse others."""
    for found in _PLACEHOLDER.findall(request):
        if not placeholders:
            raise RequestSyntaxError(
                f"placeholder '{found}' is not expanded here (only the"
                " studio's rez/implicit_packages takes "
                + ", ".join(SYSTEM_PLACEHOLDERS) + ")"
            )
        if found not in SYSTEM_PLACEHOLDERS:
            raise RequestSyntaxError(
                f"unknown placeholder '{found}' (known: "
                + ", ".join(SYSTEM_PLACEHOLDERS) + ")"
            )
        request = request.replace(found, SYSTEM_PLACEHOLDERS[found])
    return request


def _split(request: str) -> Tuple[str, Optional[str]]:
    """Return the name (as rez gives it) and the range text of a request.

    Raises:
        RequestSyntaxError: The name is not a valid package name.
    """
    text = request
    if text[:1] in ("~", "!"):
        text = text[1:]
    match = _NAME_END.search(text)
    name, ranges = (text[:match.start()], text[match.start():]) if match \
        else (text, None)
    # an ephemeral (".foo") keeps its dot in rez's name
    family = name[1:] if request.startswith(".") else name
    if not _NAME.match(family) or family in _RESERVED_NAMES:
        raise RequestSyntaxError(f"invalid package name '{family}'")
    return name, ranges


def check_request(request: str, placeholders: bool = False) -> str:
    """Return the package name of ``request`` if it is valid.

    Args:
        request: A rez request such as ``maya-2025`` or ``~ayon_core==1.4``.
        placeholders: Accept rez's ``{system.platform}``,
            ``{system.arch}`` and ``{system.os}`` (implicit packages only).

    Raises:
        RequestSyntaxError: rez would not accept ``request``.
    """
    if not isinstance(request, str):
        raise RequestSyntaxError("a request must be a string")
    name, ranges = _split(_expand_placeholders(request, placeholders))
    if ranges is None:
        return name
    if ranges[0] in "-@#":
        ranges = ranges[1:]
    any_version = False
    for part in ranges.split("|"):
        # like rez, bounds after an "any" part are not checked
        _check_part(part, check_bounds=not any_version)
        any_version = any_version or part == ""
    return name


def is_valid_request(request: str, placeholders: bool = False) -> bool:
    """Return whether ``request`` is a valid rez request string."""
    try:
        check_request(request, placeholders)
    except RequestSyntaxError:
        return False
    return True


def request_package_name(
    request: str, placeholders: bool = False
) -> Optional[str]:
    """The package name rez reads from a valid request, else None.

    ``~maya-2025`` gives ``maya``, ``3delight-2`` ``3delight``,
    ``foo.bar-1`` ``foo.bar``; an ephemeral keeps its dot (``.foo-1``
    gives ``.foo``), as in rez's ``PackageRequest.name``.
    """
    try:
        return check_request(request, placeholders)
    except RequestSyntaxError:
        return None
