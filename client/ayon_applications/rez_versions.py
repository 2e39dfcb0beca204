"""AYON names and versions as rez package names, versions and ranges.

One mapping for everything that crosses from AYON to rez: addon and
launcher versions (:func:`rez_safe_version`), the version ranges addons
declare in their ``package.py`` (:func:`rez_version_range`), bundle
names (:func:`rez_bundle_version`) and package names
(:func:`rez_safe_name`). ``bundle`` re-exports them.

This module does not import rez.
"""
import re
from typing import List, Optional, Tuple

_SEMVER_RE = re.compile(
    r"^(?P<core>[0-9A-Za-z.]+?)"
    r"(?:-(?P<pre>[0-9A-Za-z.-]+?))?"
    r"(?:\+(?P<build>[0-9A-Za-z.+-]+))?$"
)
_REZ_VERSION_RE = re.compile(r"^[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*$")
_NOT_REZ_CHAR_RE = re.compile(r"[^A-Za-z0-9_]")


def rez_safe_version(version: str) -> str:
    """Map an AYON (semver) version to a version string rez accepts.

    The rule, for ``CORE[-PRE][+BUILD]``:

    - ``CORE`` (``1.4.0``) is kept as is;
    - ``PRE`` (``beta.2``) follows after ``-``, its dot-separated
      identifiers kept, a ``-`` inside an identifier becoming ``_``
      (``1.0.0-beta.2`` -> ``1.0.0-beta.2``, ``1.0.0-rc-1`` ->
      ``1.0.0-rc_1``);
    - ``BUILD`` (``dev``) follows as ``._`` + its identifiers, the same
      ``-`` -> ``_`` applied (``1.4.4+dev`` -> ``1.4.4._dev``,
      ``2.0.0+rez`` -> ``2.0.0._rez``, ``0.3.1-dev.1+abc`` ->
      ``0.3.1-dev.1._abc``);
    - any other character rez does not take becomes ``_``.

    The leading ``_`` marks build metadata (semver identifiers never hold
    ``_``), so distinct AYON versions stay distinct in rez, and a rez
    range such as ``ayon_core-1.4.4`` still contains ``1.4.4._dev``.

    Order: versions with different cores keep their order; builds sort
    right after their core (``1.4.4`` < ``1.4.4._dev`` < ``1.4.5``);
    prereleases of one core keep their order among themselves. What rez
    cannot express: a version that extends another always sorts after
    it, so a prerelease sorts after its release (``1.0.0`` <
    ``1.0.0-beta.2``, still before ``1.0.1``), and rez puts words before
    numbers where semver puts numeric identifiers first.

    Args:
        version: AYON version, e.g. ``"1.4.4+dev"``.

    Returns:
        The rez version string.

    Raises:
        ValueError: The version is empty or cannot become a rez version.
    """
    text = (version or "").strip()
    match = _SEMVER_RE.match(text)
    if match is None:
        core, pre, build = text, None, None
    else:
        core, pre, build = match.group("core", "pre", "build")
    parts = [_rez_tokens(core)]
    if pre:
        parts.append("-" + _rez_tokens(pre))
    if build:
        parts.append("._" + _rez_tokens(build))
    result = "".join(parts)
    if not _REZ_VERSION_RE.match(result):
        raise ValueError(
            f"Version \"{version}\" cannot be made a rez version"
        )
    return result


def _rez_tokens(text: str) -> str:
    """Dot-separated identifiers with every non-rez character as ``_``."""
    return ".".join(
        _NOT_REZ_CHAR_RE.sub("_", identifier)
        for identifier in re.split(r"[.+]", text)
    )


def rez_safe_name(name: str) -> str:
    """Make a rez package name: other characters than ``[A-Za-z0-9_]``
    become ``_``, and a leading digit gets a ``_`` before it.

    Args:
        name: Wanted name, e.g. ``"ayon_third-party"``.

    Returns:
        The rez package name (``"ayon_third_party"``).
    """
    safe = _NOT_REZ_CHAR_RE.sub("_", name.strip())
    if not safe:
        raise ValueError(f"Name \"{name}\" cannot be a rez package name")
    if safe[0].isdigit():
        safe = "_" + safe
    return safe


_BUNDLE_SEPARATORS_RE = re.compile(r"[.-]+")
_NOT_BUNDLE_CHAR_RE = re.compile(r"[^A-Za-z0-9_.-]")
_CONDITION_RE = re.compile(r"^(>=|<=|==|!=|>|<)?\s*([0-9]\S*)$")


def rez_bundle_version(bundle_name: str) -> str:
    """Map an AYON bundle name to the rez version of its packages.

    AYON bundle names hold letters, digits, ``_``, ``.`` and ``-`` and
    start and end with a letter, digit or ``_``; such a name is its rez
    version as it is (``Studio-2024-05-23-01``, ``Prod``, ``v1.2``). Any
    other character becomes ``_``, and two separators in a row get a
    ``_`` between them (``a..b`` -> ``a._.b``), a leading or trailing one
    a ``_`` beside it.

    rez orders these versions token by token, numbers as numbers: the
    names the AYON server proposes (``<studio>-<YYYY>-<MM>-<DD>-<NN>``)
    sort by creation, so ``rez env ayon`` picks the newest of them.

    Args:
        bundle_name: AYON bundle name.

    Returns:
        The rez version string.

    Raises:
        ValueError: The name is empty.
    """
    text = _NOT_BUNDLE_CHAR_RE.sub("_", (bundle_name or "").strip())
    if not text:
        raise ValueError("An empty bundle name cannot be a rez version")
    tokens = re.split(r"([.-])", text)
    words = tokens[0::2]
    separators = tokens[1::2]
    result = words[0] or "_"
    for separator, word in zip(separators, words[1:]):
        result += separator + (word or "_")
    return result


def rez_version_range(requirement: Optional[str]) -> Optional[str]:
    """Map an AYON version requirement to a rez version range.

    Addons declare requirements in their ``package.py`` the way the AYON
    server checks them (``semver.match`` per comma separated condition,
    all must hold): ``">=1.8.0"``, ``">0.4.4"``, ``">=1.8.4,<2.0.0"``,
    ``"==1.0.0"``, ``"!=1.2.0"``. Each version goes through
    :func:`rez_safe_version`; ``>=V`` becomes ``V+``, ``>V``, ``<V``,
    ``<=V``, ``==V`` stay as they are, ``!=V`` becomes ``<V|>V``, and a
    lower and an upper bound join (``1.8.4+<2.0.0``). An empty
    requirement is any version (``""``).

    Args:
        requirement: The AYON requirement text.

    Returns:
        The rez range (``""`` for any version), or None when it has
        more than one lower or upper bound, or a part rez cannot take.
    """
    text = (requirement or "").strip()
    if not text:
        return ""
    lower: List[str] = []
    upper: List[str] = []
    others: List[Tuple[str, str]] = []
    for condition in text.split(","):
        match = _CONDITION_RE.match(condition.strip())
        if match is None:
            return None
        operator = match.group(1) or "=="
        try:
            version = rez_safe_version(match.group(2))
        except ValueError:
            return None
        if operator in (">=", ">"):
            lower.append(f"{version}+" if operator == ">=" else f">{version}")
        elif operator in ("<=", "<"):
            upper.append(f"{operator}{version}")
        else:
            others.append((operator, version))
    if len(lower) > 1 or len(upper) > 1 or len(others) > 1:
        return None
    if others:
        if lower or upper:
            return None
        operator, version = others[0]
        if operator == "==":
            return f"=={version}"
        return f"<{version}|>{version}"
    return "".join(lower + upper)
