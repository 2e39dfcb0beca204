"""Write rez packages as plain files, whole or not at all.

``rezify-bundle`` and ``wrap-installations`` write packages without
importing rez: a
``package.py`` whose values are embedded with ``repr`` (never formatted
raw into code) and a payload folder. A package version is built in a
hidden temp folder of its family folder (rez ignores names starting
with ``.``) and renamed into place, so a failure never leaves a
half-written package.

A package with platform variants (``variants = [["platform-linux"],
...]``) can gain a variant later: the new variant folder is built in a
temp folder and renamed into place first, then ``package.py`` is
replaced in one rename (``os.replace``) by one that lists it. A crash in
between leaves an unlisted folder that the next run replaces. Writers
of one family take turns through a lock folder.
"""
import ast
import contextlib
import os
import shutil
import stat
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

CREATED = "created"
ALREADY_THERE = "already there"
REBUILT = "rebuilt"
VARIANT_ADDED = "variant added"

TEMP_PREFIX = ".rezify-"
_LOCK_NAME = ".rezify-lock"
_LOCK_TIMEOUT_S = 120.0
_LOCK_STALE_S = 1800.0

#: rez ``platform`` package versions by AYON platform name.
REZ_PLATFORMS = {"windows": "windows", "linux": "linux", "darwin": "osx"}
PLATFORM_PACKAGE_NAME = "platform"


@dataclass
class PackageResult:
    """One package written and what happened to it.

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


class PackageWriteFailed(Exception):
    """A package could not be written (nothing of it was left).

    Attributes:
        spec: The package.
        label: What it packages.
        cause: The error.
    """

    def __init__(self, spec: "PackageSpec", label: str, cause: Exception):
        super().__init__(f"{label}: {cause}")
        self.spec = spec
        self.label = label
        self.cause = cause

    @property
    def what(self) -> str:
        """``name-version``, with the variant when there is one."""
        what = f"{self.spec.name}-{self.spec.version}"
        if self.spec.variant:
            what += f" ({self.spec.variant})"
        return what


@dataclass
class PackageSpec:
    """What one package version holds.

    Attributes:
        name: rez package name.
        version: rez version.
        description: Package description.
        timestamp: Release time (epoch seconds); None for none.
        requires: rez requirements.
        commands: Lines of the ``commands()`` body (rex code, values
            embedded with ``repr``).
        attributes: More package attributes (literals). A dict value is
            merged with the one a variant added earlier wrote.
        platform: AYON platform name of the variant this run writes
            (``platform-<rez platform>``), or None for no variants.
        payload: Fills the (variant) root folder; it may add to
            ``commands`` and ``description`` of the spec it is given.
        written_by: The command named in the file's first comment.
    """

    name: str
    version: str
    description: str
    timestamp: Optional[int] = None
    requires: List[str] = field(default_factory=list)
    commands: List[str] = field(default_factory=list)
    attributes: Dict[str, Any] = field(default_factory=dict)
    platform: Optional[str] = None
    payload: Optional[Callable[[str, "PackageSpec"], None]] = None
    written_by: str = "rezify-bundle"

    @property
    def variant(self) -> Optional[str]:
        """The variant's requirement, e.g. ``platform-linux``."""
        if self.platform is None:
            return None
        return f"platform-{REZ_PLATFORMS[self.platform]}"


def platform_marker(platform_name: str) -> PackageSpec:
    """The ``platform-<rez platform>`` package, as ``rez-bind platform``
    makes it: platform variants require it."""
    rez_platform = REZ_PLATFORMS[platform_name]
    return PackageSpec(
        name=PLATFORM_PACKAGE_NAME,
        version=rez_platform,
        description=(
            f"rez platform marker \"{rez_platform}\" without payload, as"
            " 'rez-bind platform' makes it: platform variants require it."
        ),
    )


def write_packages(
    repository: str,
    plans: Iterable[Tuple[PackageSpec, str]],
    force: bool,
    report: Optional[Callable[[PackageResult], None]] = None,
) -> List[PackageResult]:
    """Write packages in order, each whole or not at all.

    Args:
        repository: The rez repository folder.
        plans: ``(spec, label)`` of each package (label: what it packages).
        force: Rebuild versions (variants) that exist.
        report: Called with each result as soon as it is known.

    Raises:
        PackageWriteFailed: The first package that failed (those before
            it are complete).
    """
    results = []
    for spec, label in plans:
        try:
            status, path = write_package(repository, spec, force)
        except Exception as exc:
            raise PackageWriteFailed(spec, label, exc) from exc
        result = PackageResult(spec.name, spec.version, path, status, label)
        results.append(result)
        if report is not None:
            report(result)
    return results


def write_package(
    repository: str, spec: PackageSpec, force: bool
) -> Tuple[str, str]:
    """Write one package version (or one variant of it).

    Args:
        repository: The rez repository folder.
        spec: The package.
        force: Rebuild the version (or the variant) if it exists.

    Returns:
        ``(status, path)``: ``created``, ``already there``, ``rebuilt``
        or ``variant added``, and the version folder.
    """
    family_dir = os.path.join(repository, spec.name)
    target = os.path.join(family_dir, spec.version)
    exists = os.path.isfile(os.path.join(target, "package.py"))
    if spec.variant is not None and exists:
        return _add_variant(family_dir, target, spec, force), target
    if exists and not force:
        return ALREADY_THERE, target
    family_created = not os.path.isdir(family_dir)
    os.makedirs(family_dir, exist_ok=True)
    temp = _temp_path(family_dir)
    try:
        os.mkdir(temp)
        spec = _copy(spec)
        root = temp
        if spec.variant is not None:
            root = os.path.join(temp, spec.variant)
            os.mkdir(root)
        if spec.payload is not None:
            spec.payload(root, spec)
        variants = [spec.variant] if spec.variant else []
        _write_text(
            os.path.join(temp, "package.py"), render_package_py(spec, variants)
        )
        published = _publish(temp, target, replace=exists)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        if family_created:
            with contextlib.suppress(OSError):
                os.rmdir(family_dir)  # only if still empty
        raise
    if not published:
        if spec.variant is not None:
            # Another writer made the version first: add to it.
            return _add_variant(family_dir, target, spec, force), target
        return ALREADY_THERE, target
    return (REBUILT if exists else CREATED), target


def _add_variant(
    family_dir: str, target: str, spec: PackageSpec, force: bool
) -> str:
    """Add (or with ``force`` rebuild) this run's variant of a version."""
    with _family_lock(family_dir):
        package_py = os.path.join(target, "package.py")
        existing = read_package_literals(package_py)
        variants = [
            entry[0] for entry in existing.get("variants") or []
            if entry
        ]
        listed = spec.variant in variants
        if listed and not force:
            return ALREADY_THERE
        spec = _copy(spec)
        temp = _temp_path(target)
        old = temp + ".old"
        variant_dir = os.path.join(target, spec.variant)
        try:
            os.mkdir(temp)
            if spec.payload is not None:
                spec.payload(temp, spec)
            for key, value in spec.attributes.items():
                if isinstance(value, dict) and isinstance(
                    existing.get(key), dict
                ):
                    spec.attributes[key] = {**existing[key], **value}
            all_variants = sorted(set(variants) | {spec.variant})
            text = render_package_py(spec, all_variants)
            if os.path.exists(variant_dir):  # a rebuild, or a leftover
                os.rename(variant_dir, old)
            os.rename(temp, variant_dir)
            new_py = os.path.join(target, f".package.py.{uuid.uuid4().hex}")
            _write_text(new_py, text)
            os.replace(new_py, package_py)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            if os.path.exists(old) and not os.path.exists(variant_dir):
                os.rename(old, variant_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    return REBUILT if listed else VARIANT_ADDED


def _copy(spec: PackageSpec) -> PackageSpec:
    """A copy the payload may change without touching the plan."""
    return PackageSpec(
        name=spec.name,
        version=spec.version,
        description=spec.description,
        timestamp=spec.timestamp,
        requires=list(spec.requires),
        commands=list(spec.commands),
        attributes=dict(spec.attributes),
        platform=spec.platform,
        payload=spec.payload,
        written_by=spec.written_by,
    )


def _temp_path(folder: str) -> str:
    return os.path.join(folder, f"{TEMP_PREFIX}{uuid.uuid4().hex}")


@contextlib.contextmanager
def _family_lock(family_dir: str):
    """Hold the family's lock folder (made atomically by ``mkdir``)."""
    path = os.path.join(family_dir, _LOCK_NAME)
    deadline = time.monotonic() + _LOCK_TIMEOUT_S
    while True:
        try:
            os.mkdir(path)
            break
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - os.stat(path).st_mtime > _LOCK_STALE_S:
                    os.rmdir(path)  # left by a killed writer
                    continue
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"\"{path}\" is held by another rezify-bundle; remove"
                    " it if no other one runs"
                ) from None
            time.sleep(0.2)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.rmdir(path)


def _publish(temp: str, target: str, replace: bool) -> bool:
    """Rename ``temp`` to ``target``; with ``replace`` the old one goes.

    Returns:
        False when another process published ``target`` meanwhile
        (``temp`` is then removed).
    """
    if not replace:
        try:
            os.rename(temp, target)
        except OSError:
            if not os.path.isfile(os.path.join(target, "package.py")):
                raise
            shutil.rmtree(temp, ignore_errors=True)
            return False
        return True
    old = f"{temp}.old"
    os.rename(target, old)
    try:
        os.rename(temp, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return True


# --- package.py text ------------------------------------------------------
def render_package_py(spec: PackageSpec, variants: List[str]) -> str:
    """The ``package.py`` text; every value is embedded with ``repr``."""
    lines = [
        f"# Written by the {spec.written_by} command of the AYON"
        " Applications",
        "#   (rez) addon.",
        f"name = {spec.name!r}",
        f"version = {spec.version!r}",
        f"description = {spec.description!r}",
    ]
    if spec.timestamp is not None:
        lines.append(f"timestamp = {int(spec.timestamp)!r}")
    if spec.requires:
        lines.append(f"requires = {list(spec.requires)!r}")
    if variants:
        lines.append(f"variants = {[[name] for name in variants]!r}")
    for key in sorted(spec.attributes):
        if not key.isidentifier():
            raise ValueError(f"\"{key}\" cannot be a package attribute")
        lines.append(f"{key} = {spec.attributes[key]!r}")
    if spec.commands:
        lines += ["", "", "def commands():"]
        lines += [f"    {line}" if line else "" for line in spec.commands]
    return "\n".join(lines) + "\n"


def read_package_literals(path: str) -> Dict[str, Any]:
    """Top-level literal assignments of a ``package.py``, not run.

    Args:
        path: The file.

    Returns:
        Name -> value for each ``NAME = <literal>``; others are skipped.
    """
    with open(path, encoding="utf-8") as stream:
        tree = ast.parse(stream.read(), filename=path)
    values: Dict[str, Any] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if not isinstance(target, ast.Name):
            continue
        with contextlib.suppress(ValueError, SyntaxError, TypeError):
            values[target.id] = ast.literal_eval(node.value)
    return values


def _write_text(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)


# --- Payloads -------------------------------------------------------------
def unpack(archive: str, destination: str) -> None:
    """Extract a zip into ``destination``, keeping executable bits.

    The archive is removed afterwards. Members that would land outside
    ``destination`` are refused.
    """
    root = os.path.realpath(destination)
    os.makedirs(root, exist_ok=True)
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            path = os.path.realpath(os.path.join(root, member.filename))
            if path != root and not path.startswith(root + os.sep):
                raise ValueError(
                    f"Archive member \"{member.filename}\" points outside"
                    " the package"
                )
            zipped.extract(member, root)
            mode = (member.external_attr >> 16) & 0o777
            if mode & 0o111 and not member.is_dir():
                current = os.stat(path).st_mode
                os.chmod(path, current | stat.S_IXUSR | stat.S_IXGRP)
    os.remove(archive)
