"""Build the AYON server package of the Applications (rez) addon.

Run from anywhere with ``python create_package.py``; the repository is the
folder this script lives in. The result is
``<output>/<name>-<version>.zip``, which an AYON server accepts as an
addon upload. Its members, in sorted order:

    package.py                the addon's identity (name, version, ...)
    server/**                 server side code
    server/rules/**           the rules shared with the client, copied
                              byte for byte from ``client/<client_dir>/
                              rules/`` (in the source tree the server
                              imports them from there: server/shared_rules.py)
    public/**                 files the server serves publicly (icons)
    private/client.zip        the ``<client_dir>/`` package for the launcher,
                              with ``version.py`` generated from package.py
    private/pyproject.toml    copied from ``client/pyproject.toml``

``__pycache__`` folders, ``*.pyc``/``*.pyo`` files and every name starting
with a dot are left out. Timestamps and permissions inside the zips are
normalised, so two builds of the same sources are byte-identical.

The zip is written to a temporary file in the output folder and moved into
place only when complete: a failed build never leaves a half-written zip.
With ``--skip-zip`` the same layout is written as a folder,
``<output>/<name>/<version>/``, which can be copied into a server's addons
directory.

Standard library only; runs on Python 3.9 and newer.
"""

import argparse
import ast
import io
import logging
import os
import re
import shutil
import sys
import tempfile
import zipfile
from typing import Dict, List, Optional, Tuple

REPO_ROOT = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "package")

# Folders copied into the package as they are (after filtering).
PACKAGE_DIRS = ("server", "public")
# The client's subpackage of rules shared with the server; the package's
# server gets a copy under the same name.
SHARED_RULES = "rules"
IGNORED_DIR_NAMES = frozenset({"__pycache__"})
IGNORED_FILE_SUFFIXES = (".pyc", ".pyo")

# Fixed metadata for zip members, so builds are reproducible.
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644
EXEC_MODE = 0o755

VERSION_RE = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+(?:[-+][0-9A-Za-z.+-]+)?$")
NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")

VERSION_PY_TEMPLATE = (
    '"""Package declaring the addon version."""\n__version__ = "{version}"\n'
)

log = logging.getLogger("create_package")

# (source path or in-memory bytes, member path with "/" separators)
Member = Tuple[object, str]


class BuildError(Exception):
    """A problem with the sources; reported without a traceback."""


# --- reading the sources --------------------------------------------------


def read_package_info(repo_root: str) -> Dict[str, str]:
    """Return ``name``, ``version`` and ``client_dir`` from package.py."""
    path = os.path.join(repo_root, "package.py")
    if not os.path.isfile(path):
        raise BuildError(f"package.py not found: {path}")
    namespace: Dict[str, object] = {"__file__": path}
    with open(path, encoding="utf-8") as stream:
        source = stream.read()
    try:
        exec(compile(source, path, "exec"), namespace)
    except Exception as exc:
        raise BuildError(f"cannot evaluate {path}: {exc}") from exc

    info: Dict[str, str] = {}
    for key in ("name", "version", "client_dir"):
        value = namespace.get(key)
        if not isinstance(value, str) or not value:
            raise BuildError(f"{path}: '{key}' must be a non-empty string")
        info[key] = value
    if not VERSION_RE.match(info["version"]):
        raise BuildError(
            f"{path}: version {info['version']!r} is not a valid"
            " semantic version"
        )
    for key in ("name", "client_dir"):
        if not NAME_RE.match(info[key]):
            raise BuildError(f"{path}: {key} {info[key]!r} is not valid")
    return info


def read_declared_version(version_py: str) -> Optional[str]:
    """Return the literal ``__version__`` assigned in a file, or None."""
    try:
        with open(version_py, encoding="utf-8") as stream:
            tree = ast.parse(stream.read(), version_py)
    except (OSError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if "__version__" in targets:
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(
                value.value, str
            ):
                return value.value
            return None
    return None


def check_repo_version(version_py: str, version: str) -> bool:
    """Warn when the repo's version.py disagrees with package.py.

    The file is never rewritten: the package always gets a generated
    copy, and fixing the repository is left to the developer.
    """
    declared = read_declared_version(version_py)
    if declared == version:
        return True
    rel = os.path.relpath(version_py, REPO_ROOT)
    if declared is None:
        log.warning(
            "%s has no literal __version__; package.py says %r."
            " The package gets a generated version.py.",
            rel,
            version,
        )
    else:
        log.warning(
            "%s says __version__ = %r but package.py says %r."
            " The package gets a generated version.py with %r;"
            " update the repository copy.",
            rel,
            declared,
            version,
            version,
        )
    return False


def is_ignored(name: str, is_dir: bool) -> bool:
    if name.startswith("."):
        return True
    if is_dir:
        return name in IGNORED_DIR_NAMES
    return name.endswith(IGNORED_FILE_SUFFIXES)


def collect_files(src_dir: str, prefix: str) -> List[Member]:
    """List the files under ``src_dir`` as members under ``prefix``.

    Dot-files, dot-folders, ``__pycache__`` and compiled files are left
    out. Symlinks to files are followed; dangling links are an error.
    """
    members: List[Member] = []
    for root, dirs, files in os.walk(src_dir):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d, True))
        rel_root = os.path.relpath(root, src_dir)
        parts = [] if rel_root == os.curdir else rel_root.split(os.sep)
        for name in sorted(files):
            if is_ignored(name, False):
                continue
            path = os.path.join(root, name)
            if not os.path.isfile(path):
                raise BuildError(f"not a readable file: {path}")
            members.append((path, "/".join([prefix, *parts, name])))
    return members


def collect_shared_rules(client_pkg: str, server_dir: str) -> List[Member]:
    """The client's shared rules, as members of the server package."""
    source = os.path.join(client_pkg, SHARED_RULES)
    if not os.path.isfile(os.path.join(source, "__init__.py")):
        raise BuildError(f"shared rules not found: {source}/__init__.py")
    stale = os.path.join(server_dir, SHARED_RULES)
    if os.path.lexists(stale):
        raise BuildError(
            f"{stale} exists in the sources: the package's copy is made"
            f" from {source}; remove it"
        )
    return collect_files(source, f"server/{SHARED_RULES}")


# --- assembling the package -----------------------------------------------


def _zip_info(arcname: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(arcname, date_time=ZIP_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # unix, so the permission bits are honoured
    info.external_attr = (0o100000 | mode) << 16
    return info


def _read_member(source: object) -> Tuple[bytes, int]:
    if isinstance(source, bytes):
        return source, FILE_MODE
    path = str(source)
    with open(path, "rb") as stream:
        data = stream.read()
    mode = EXEC_MODE if os.access(path, os.X_OK) else FILE_MODE
    return data, mode


def write_zip(target, members: List[Member]) -> None:
    """Write ``members`` in order into ``target`` (path or file object)."""
    with zipfile.ZipFile(target, "w") as zipf:
        for source, arcname in members:
            data, mode = _read_member(source)
            zipf.writestr(_zip_info(arcname, mode), data)


def build_client_zip(client_pkg: str, client_dir: str, version: str) -> bytes:
    """Zip the client package with a generated ``version.py``."""
    version_arc = f"{client_dir}/version.py"
    members = [
        m for m in collect_files(client_pkg, client_dir) if m[1] != version_arc
    ]
    generated = VERSION_PY_TEMPLATE.format(version=version).encode("utf-8")
    members.append((generated, version_arc))
    members.sort(key=lambda m: m[1])
    stream = io.BytesIO()
    write_zip(stream, members)
    return stream.getvalue()


def collect_members(repo_root: str, info: Dict[str, str]) -> List[Member]:
    """Everything the package holds, sorted by member path."""
    client_dir = info["client_dir"]
    client_pkg = os.path.join(repo_root, "client", client_dir)
    if not os.path.isfile(os.path.join(client_pkg, "__init__.py")):
        raise BuildError(
            f"client package not found: {client_pkg}/__init__.py"
            " (check 'client_dir' in package.py)"
        )
    pyproject = os.path.join(repo_root, "client", "pyproject.toml")
    if not os.path.isfile(pyproject):
        raise BuildError(f"client pyproject.toml not found: {pyproject}")

    server_dir = os.path.join(repo_root, "server")
    if not os.path.isdir(server_dir):
        raise BuildError(f"server folder not found: {server_dir}")
    if not os.path.isfile(os.path.join(server_dir, "__init__.py")):
        log.warning(
            "server/__init__.py is missing: the server cannot load the"
            " addon from this package"
        )

    members: List[Member] = [
        (os.path.join(repo_root, "package.py"), "package.py"),
        (pyproject, "private/pyproject.toml"),
    ]
    members.extend(collect_shared_rules(client_pkg, server_dir))
    for dirname in PACKAGE_DIRS:
        src = os.path.join(repo_root, dirname)
        if os.path.isdir(src):
            members.extend(collect_files(src, dirname))
        else:
            log.warning("%s/ not found; the package has none", dirname)

    log.info("Zipping client code from %s", client_pkg)
    client_zip = build_client_zip(client_pkg, client_dir, info["version"])
    members.append((client_zip, "private/client.zip"))
    members.sort(key=lambda m: m[1])
    return members


def _remove_quietly(path: str) -> None:
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        elif os.path.lexists(path):
            os.remove(path)
    except OSError:
        pass


def create_zip(output_dir: str, zip_name: str, members: List[Member]) -> str:
    """Write the package zip atomically; return its path."""
    target = os.path.join(output_dir, zip_name)
    fd, tmp_path = tempfile.mkstemp(
        prefix=f".{zip_name}.", suffix=".tmp", dir=output_dir
    )
    try:
        with os.fdopen(fd, "wb") as stream:
            write_zip(stream, members)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp_path, FILE_MODE)
        os.replace(tmp_path, target)
    except BaseException:
        _remove_quietly(tmp_path)
        raise
    return target


def create_folder(
    output_dir: str, name: str, version: str, members: List[Member]
) -> str:
    """Lay the package out in ``<output>/<name>/<version>/``.

    The folder is assembled next to its destination and swapped in at the
    end; an existing folder of the same version is replaced.
    """
    parent = os.path.join(output_dir, name)
    os.makedirs(parent, exist_ok=True)
    target = os.path.join(parent, version)
    tmp_dir = tempfile.mkdtemp(
        prefix=f".{version}.", suffix=".tmp", dir=parent
    )
    try:
        for source, arcname in members:
            dst = os.path.join(tmp_dir, *arcname.split("/"))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            data, mode = _read_member(source)
            with open(dst, "wb") as stream:
                stream.write(data)
            os.chmod(dst, mode)
        os.chmod(tmp_dir, 0o755)
        if os.path.lexists(target):
            log.info("Replacing existing %s", target)
            _remove_quietly(target)
        os.rename(tmp_dir, target)
    except BaseException:
        _remove_quietly(tmp_dir)
        raise
    return target


def _inside(path: str, folder: str) -> bool:
    path = os.path.realpath(path)
    folder = os.path.realpath(folder)
    return path == folder or path.startswith(folder + os.sep)


def build(output_dir: str, skip_zip: bool) -> str:
    """Build the package; return the path of the zip or folder written."""
    info = read_package_info(REPO_ROOT)
    name, version = info["name"], info["version"]
    client_pkg = os.path.join(REPO_ROOT, "client", info["client_dir"])
    log.info("Packaging %s %s from %s", name, version, REPO_ROOT)

    for dirname in (*PACKAGE_DIRS, "client"):
        if _inside(output_dir, os.path.join(REPO_ROOT, dirname)):
            raise BuildError(
                f"output {output_dir} is inside the packaged sources"
                f" ({dirname}/); choose another folder"
            )

    check_repo_version(os.path.join(client_pkg, "version.py"), version)
    members = collect_members(REPO_ROOT, info)
    os.makedirs(output_dir, exist_ok=True)

    if skip_zip:
        path = create_folder(output_dir, name, version, members)
    else:
        path = create_zip(output_dir, f"{name}-{version}.zip", members)

    for _source, arcname in members:
        log.debug("  %s", arcname)
    log.info("Wrote %s (%d files)", path, len(members))
    return path


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="create_package.py",
        description=(
            "Build the AYON server package of this addon:"
            " <output>/<name>-<version>.zip with package.py, server/,"
            " public/, private/client.zip (the client package, with"
            " version.py generated from package.py) and"
            " private/pyproject.toml (from client/pyproject.toml)."
        ),
        epilog=(
            "Install the zip on an AYON server by uploading it as any other"
            " addon zip. Exit status: 0 on"
            " success, 1 when the sources are incomplete or the build"
            " fails, 2 on bad arguments."
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default=DEFAULT_OUTPUT,
        help="folder to write into (default: %(default)s)",
    )
    parser.add_argument(
        "--skip-zip",
        action="store_true",
        help=(
            "write the package as a folder, DIR/<name>/<version>/, instead"
            " of a zip (replaces an existing folder of that version)"
        ),
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also list every member written",
    )
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(name)s: %(levelname)s: %(message)s",
    )
    try:
        build(os.path.abspath(args.output), args.skip_zip)
    except BuildError as exc:
        log.error("%s", exc)
        return 1
    except OSError as exc:
        log.error("build failed: %s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
