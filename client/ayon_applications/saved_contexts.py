"""Saved rez contexts: where launches keep them, and which may be reused.

A local launch saves its resolve as ``<app>_<fingerprint>.rxt`` in the
task's work directory, in ``.rez_contexts/`` (shared storage the farm
reads), rewritten on every launch so its modification time says when the
artist last launched with it. Without a work directory it goes to a
private folder of the user (:func:`private_contexts_folder`, mode 0700),
or nowhere.

A saved context is untrusted input: anyone who can write to a work folder
can put a file there, and rez runs the ``package.py`` of every variant a
context names as soon as it loads it. So a context is read as JSON first
and checked (:func:`check_context_data`) before rez sees it: every field
has the type rez writes, it was solved on this platform, and every
variant lies inside the studio's package paths once symlinks are
resolved. Whoever wrote the file, it can only select packages the studio
released. Failing a check raises :class:`SavedContextRejected`, and the
launch resolves instead.

No rez import here (see ``resolver.load_resolution``).
"""
import json
import logging
import os
import re
import stat
import tempfile
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from .exceptions import ApplicationLaunchFailed

log = logging.getLogger(__name__)

#: Folder of the saved contexts inside a work directory.
CONTEXTS_FOLDER = ".rez_contexts"

#: A saved context is a few kB to a few MB; anything far larger is not one.
MAX_CONTEXT_BYTES = 64 * 1024 * 1024

#: Saved contexts of one app looked at by the farm, newest first.
MAX_CANDIDATES = 50

# rez package names and versions: no path separators, no "..".
_NAME_RE = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$")
_VERSION_RE = re.compile(r"^[A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*$")
_SERIALIZE_RE = re.compile(r"^[0-9]+(\.[0-9]+)*$")
_DEFINITION_FILES = ("package.py", "package.yaml", "package.txt")


class SavedContextRejected(ApplicationLaunchFailed):
    """A saved context that is not reused; the launch resolves instead.

    Attributes:
        path: The saved context.
        reason: Why, completing ``saved context "<path>" ...``.
        artist_packages: Package name to version of the saved resolve,
            when the file was readable enough to tell.
    """

    def __init__(
        self,
        path: str,
        reason: str,
        artist_packages: Optional[Dict[str, str]] = None,
    ) -> None:
        super().__init__(f"saved context \"{path}\" {reason}")
        self.path = path
        self.reason = reason
        self.artist_packages = artist_packages


def context_file_name(app_name: str, fingerprint: str) -> str:
    """File name of a saved context: one per app and distinct resolve."""
    return f"{_file_stem(app_name)}_{fingerprint[:16]}.rxt"


def _file_stem(app_name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", app_name)


def private_contexts_folder() -> str:
    """This user's own folder for saved contexts, in the temp folder.

    ``<temp>/ayon_applications-<uid>/rez_contexts``, created with mode
    0700. An existing one is used only when it is a real folder owned by
    this user that nobody else may enter, so no other user can plant or
    swap a context there (on Windows the temp folder is per user).

    Raises:
        OSError: It cannot be made, or is not private.
    """
    if os.name == "nt":
        owner = re.sub(r"[^\w.-]+", "_", os.environ.get("USERNAME", "user"))
    else:
        owner = str(os.geteuid())
    base = os.path.join(tempfile.gettempdir(), f"ayon_applications-{owner}")
    try:
        os.mkdir(base, 0o700)
    except FileExistsError:
        pass
    if os.name != "nt":
        info = os.lstat(base)
        if not stat.S_ISDIR(info.st_mode):
            raise OSError(f"\"{base}\" is not a folder")
        if info.st_uid != os.geteuid():
            raise OSError(f"\"{base}\" belongs to another user")
        if stat.S_IMODE(info.st_mode) & 0o077:
            raise OSError(f"\"{base}\" is open to other users")
    folder = os.path.join(base, "rez_contexts")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


def context_candidates(
    folder: str, app_name: str, limit: int = MAX_CANDIDATES
) -> List[str]:
    """Saved contexts of ``app_name`` in ``folder``, newest first.

    Newest by modification time: a launch rewrites its file, so the first
    is the resolve the artist launched last.
    """
    pattern = re.compile(
        re.escape(_file_stem(app_name)) + r"_[0-9a-f]{16}\.rxt$"
    )
    try:
        names = [name for name in os.listdir(folder) if pattern.match(name)]
    except OSError:
        return []
    dated = []
    for name in names:
        path = os.path.join(folder, name)
        try:
            dated.append((os.stat(path).st_mtime, path))
        except OSError:
            continue
    dated.sort(reverse=True)
    return [path for _mtime, path in dated[:limit]]


def read_context_data(path: str) -> Dict[str, Any]:
    """A saved context as JSON data, without rez (no package code runs).

    Raises:
        SavedContextRejected: Not a regular file, too large, not a JSON
            object.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise SavedContextRejected(path, "is unreadable (not a file)")
        if info.st_size > MAX_CONTEXT_BYTES:
            raise SavedContextRejected(
                path, f"is unreadable ({info.st_size} bytes is too large)"
            )
        with open(path, "rb") as stream:
            raw = stream.read(MAX_CONTEXT_BYTES + 1)
        data = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise SavedContextRejected(
            path, f"is unreadable ({exc.strerror or exc})"
        ) from None
    except ValueError as exc:  # also UnicodeDecodeError
        raise SavedContextRejected(
            path, f"is unreadable (not JSON: {exc})"
        ) from None
    if not isinstance(data, dict):
        raise SavedContextRejected(path, "is unreadable (not a JSON object)")
    return data


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return _is_int(value) or isinstance(value, float)


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, str) for item in value
    )


def _optional(check: Any) -> Any:
    return lambda value: value is None or check(value)


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


def _list(value: Any) -> bool:
    return isinstance(value, list)


# Every field rez's ResolvedContext.from_dict reads, with the type rez
#   writes it as: (check, required). rez fails later, or differently, on
#   anything else (a null timestamp breaks the exported time).
_FIELDS = {
    "serialize_version": (
        lambda v: isinstance(v, str) and bool(_SERIALIZE_RE.match(v)), True
    ),
    "timestamp": (lambda v: _is_int(v) and v >= 0, True),
    "requested_timestamp": (_optional(lambda v: _is_int(v) and v >= 0), False),
    "created": (_is_int, True),
    "building": (_flag, True),
    "caching": (_flag, True),
    "implicit_packages": (_is_text_list, True),
    "package_requests": (_is_text_list, True),
    "package_paths": (_is_text_list, True),
    "rez_version": (_text, True),
    "rez_path": (_text, True),
    "user": (_text, True),
    "host": (_text, True),
    "platform": (_text, True),
    "arch": (_text, True),
    "os": (_text, True),
    "status": (_text, True),
    "failure_description": (_optional(_text), True),
    "solve_time": (_is_number, True),
    "load_time": (_is_number, True),
    "graph": (_optional(_text), True),
    "resolved_packages": (_list, True),
    "parent_suite_path": (_optional(_text), False),
    "suite_context_name": (_optional(_text), False),
    "default_patch_lock": (_text, False),
    "patch_locks": (lambda v: isinstance(v, dict), False),
    "from_cache": (_flag, False),
    "package_filter": (_list, False),
    "package_orderers": (_optional(_list), False),
    "num_loaded_packages": (_is_int, False),
    "append_sys_path": (_flag, False),
    "package_caching": (_flag, False),
    "resolved_ephemerals": (_is_text_list, False),
    "package_cache_async": (_flag, False),
    "testing": (_flag, False),
}


def _check_fields(data: Mapping[str, Any], path: str) -> None:
    for name, (check, required) in _FIELDS.items():
        if name not in data:
            if required:
                raise SavedContextRejected(
                    path, f"is malformed (no \"{name}\")"
                )
            continue
        if not check(data[name]):
            raise SavedContextRejected(
                path, f"is malformed (\"{name}\" is {data[name]!r:.80})"
            )


def _variant(handle: Any, path: str) -> Dict[str, Any]:
    """The variables of a resolved package's handle, checked."""
    variables = handle.get("variables") if isinstance(handle, dict) else None
    if not isinstance(variables, dict):
        raise SavedContextRejected(
            path, f"is malformed (resolved package {handle!r:.80})"
        )
    name = variables.get("name")
    version = variables.get("version")
    index = variables.get("index")
    location = variables.get("location")
    if not (
        isinstance(name, str) and _NAME_RE.match(name)
        and isinstance(version, str) and _VERSION_RE.match(version)
        and ".." not in version
        and (index is None or (_is_int(index) and index >= 0))
        and isinstance(location, str) and location
    ):
        raise SavedContextRejected(
            path, f"is malformed (resolved package {variables!r:.120})"
        )
    return variables


def artist_packages(data: Mapping[str, Any]) -> Optional[Dict[str, str]]:
    """Package name to version of a saved context's data; None if unclear."""
    packages = {}
    for handle in data.get("resolved_packages") or []:
        variables = handle.get("variables") if isinstance(
            handle, dict) else None
        if not isinstance(variables, dict):
            return None
        name, version = variables.get("name"), variables.get("version")
        if not isinstance(name, str) or not isinstance(version, str):
            return None
        packages[name] = version
    return packages


def saved_package_locations(data: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """``(package, repository)`` of each resolved package of unchecked
    data, where it says (for the developer packages check, which comes
    before any other)."""
    found = []
    handles = data.get("resolved_packages")
    for handle in handles if isinstance(handles, list) else []:
        variables = handle.get("variables") if isinstance(
            handle, dict) else None
        if not isinstance(variables, dict):
            continue
        location = variables.get("location")
        if isinstance(location, str) and location:
            found.append((
                f"{variables.get('name')}-{variables.get('version')}",
                location,
            ))
    return found


def _real(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # other drive
        return False


def _package_folder(variables: Mapping[str, Any]) -> str:
    folder = os.path.join(variables["location"], variables["name"])
    if variables["version"]:
        folder = os.path.join(folder, variables["version"])
    return folder


def _check_trusted(
    data: Mapping[str, Any],
    path: str,
    package_paths: Sequence[str],
) -> None:
    """Every variant lies in the studio's package paths (symlinks
    resolved). Its packages are not told: not the artist's, as far as
    anyone knows."""
    roots = [_real(root) for root in package_paths]
    outside = []
    for handle in data["resolved_packages"]:
        variables = _variant(handle, path)
        label = f"{variables['name']}-{variables['version']}"
        if handle.get("key") != "filesystem.variant" or variables.get(
            "repository_type"
        ) != "filesystem":
            outside.append(f"{label} (not from a package folder)")
            continue
        location = _real(variables["location"])
        folder = _real(_package_folder(variables))
        if location not in roots or not _inside(folder, location):
            outside.append(f"{label} from {folder}")
    if outside:
        raise SavedContextRejected(
            path,
            "names packages outside the studio's package paths ("
            + ", ".join(package_paths) + "): " + "; ".join(outside),
        )


def check_context_data(
    data: Mapping[str, Any],
    path: str,
    package_paths: Sequence[str],
    platform_name: str,
) -> None:
    """Check a saved context's data before rez loads it, in order.

    Fields (types as rez writes them), solved status, the platform it was
    made on, trust (every variant inside ``package_paths`` after
    resolving symlinks), then its packages still exist.

    Args:
        data: From :func:`read_context_data`.
        path: The file, for messages.
        package_paths: The studio's package paths for this platform.
        platform_name: This machine's platform as rez names it.

    Raises:
        SavedContextRejected: The first check that fails, with the artist's
            packages when the fields were readable.
    """
    _check_fields(data, path)
    for handle in data["resolved_packages"]:
        _variant(handle, path)
    packages = artist_packages(data)
    if data["status"] != "solved":
        raise SavedContextRejected(
            path, f"was not solved (status {data['status']})", packages
        )
    if data["platform"] != platform_name:
        raise SavedContextRejected(
            path,
            f"was made on {data['platform']}, this machine is"
            f" {platform_name}",
            packages,
        )
    _check_trusted(data, path, package_paths)
    missing = [
        f"{variables['name']}-{variables['version']}"
        for variables in (
            handle["variables"] for handle in data["resolved_packages"]
        )
        if not any(
            os.path.isfile(os.path.join(_package_folder(variables), name))
            for name in _DEFINITION_FILES
        )
    ]
    if missing:
        raise SavedContextRejected(
            path, "has packages that no longer exist: " + ", ".join(missing),
            packages,
        )
