"""A per-user on-disk cache of rez resolves; no server needed.

Every click in the AYON launcher and every farm task is a new process,
which would solve its request from scratch. This cache keeps, per user
and machine, the resolves already made:

- one **resolve entry** per distinct resolve (``<key>.json``, the key a
  digest of everything that decides the resolve, see
  ``resolve_inputs.py``): rez's own serialised context
  (``ResolvedContext.to_dict()``), the state of every package family
  the solve touched and of every resolved package's definition;
- **environment entries** (``<key>.env-<digest>.json``): the variables
  rez's ``get_environ`` gave for that resolve on a given parent
  environment and config, and the aliases its packages define, so a
  repeat launch needs no rez at all.

Everything is stored as JSON data (never pickles or code) in a private
folder (mode 0700 on POSIX; a folder owned by someone else or writable
by others is refused), written through a temp file and a rename. An
entry is used only when its checksum and shape are right, its inputs
are the current ones, it points only into the current package paths, no
touched family has a new release (or lost one) and every resolved
package definition is unchanged; anything else is a miss, with a
warning for a damaged entry.

This module does not import rez; ``resolver.disk_cache`` builds the
entries.
"""
import contextlib
import json
import logging
import os
import stat
import sys
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .output import write_text_atomically
from .resolve_inputs import (
    canonical_json,
    digest,
    family_state,
    file_state,
    rez_platform_name,
)
from .saved_contexts import SavedContextRejected, check_context_data

log = logging.getLogger(__name__)

#: Bumped when the entry layout changes: older entries are then misses.
FORMAT = 1
#: Files kept in the folder; the least recently used go beyond this.
MAX_FILES = 400
ENTRY_SUFFIX = ".json"
#: Text fields of a stored variant.
VARIANT_TEXTS = ("file", "package", "repository", "uri")

_warned_folders = set()


def default_folder() -> str:
    """The per-user cache folder of this platform."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser(
            os.path.join("~", "AppData", "Local")
        )
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser(
            "~/.cache"
        )
    return os.path.join(base, "ayon-applications", "rez-resolves")


def expand_folder(setting: str) -> str:
    """The folder a settings value names (``""``: the default one).

    ``~`` at the start is the user's home; ``{user}`` the user name, so
    a studio can give every user their own folder on a local disk.
    """
    if not setting:
        return default_folder()
    if "{user}" in setting:
        import getpass

        setting = setting.replace("{user}", getpass.getuser())
    return os.path.abspath(os.path.expanduser(setting))


class UnsafeFolder(Exception):
    """The cache folder is not private to this user."""


def private_folder(path: str) -> str:
    """Create ``path`` (mode 0700) if missing; check it is private.

    Raises:
        UnsafeFolder: It is not a folder, is owned by another user or is
            writable by group or others (POSIX).
        OSError: It cannot be created.
    """
    if not os.path.isdir(path):
        parent = os.path.dirname(path)
        if parent:
            os.makedirs(parent, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)
    if not hasattr(os, "geteuid"):
        # Windows: the default folder is in the user's own profile.
        return path
    uid = os.geteuid()
    link = os.lstat(path)
    if stat.S_ISLNK(link.st_mode) and link.st_uid != uid:
        raise UnsafeFolder("it is a link owned by another user")
    found = os.stat(path)
    if not stat.S_ISDIR(found.st_mode):
        raise UnsafeFolder("it is not a folder")
    if found.st_uid != uid:
        raise UnsafeFolder("it is owned by another user")
    if found.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeFolder("others may write to it (mode"
                           f" {stat.S_IMODE(found.st_mode):o})")
    return path


@dataclass
class CacheEntry:
    """A resolve entry read from the cache.

    Attributes:
        path: Its file.
        checksum: Digest of its contents (environment entries refer to
            it).
        body: The stored data (``context`` is rez's ``to_dict()``).
    """

    path: str
    checksum: str
    body: Dict[str, Any]

    @property
    def context_data(self) -> Dict[str, Any]:
        """The context as rez serialised it."""
        return self.body["context"]

    @property
    def packages(self) -> List[str]:
        """Resolved packages as ``name-version``, in resolve order."""
        return [item["package"] for item in self.body["variants"]]


def _is_str_dict(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(item, str)
        for key, item in value.items()
    )


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, str) for item in value
    )


def _inside(path: str, folders: Sequence[str]) -> bool:
    path = os.path.normcase(os.path.abspath(path))
    for folder in folders:
        for form in (folder, os.path.realpath(folder)):
            form = os.path.normcase(os.path.abspath(form))
            if path.startswith(form.rstrip(os.sep) + os.sep):
                return True
    return False


def _locations(folders: Sequence[str]) -> List[str]:
    result = []
    for folder in folders:
        result.extend({folder, os.path.realpath(folder)})
    return [os.path.normcase(path) for path in result]


def _resolve_entry_problem(
    body: Any, inputs: Dict[str, Any], path: str
) -> Optional[str]:
    """Why ``body`` cannot be a resolve entry for ``inputs`` (or None).

    Its context is checked as the addon checks a saved ``.rxt`` before
    rez reads it (``saved_contexts.check_context_data``: rez's field
    types, solved, this platform, every variant inside the package
    paths once links are resolved, their definitions present).
    """
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        return "unknown format"
    if body.get("kind") != "resolve":
        return "not a resolve entry"
    if canonical_json(body.get("inputs")) != canonical_json(inputs):
        return "made for other inputs"
    families = body.get("families")
    variants = body.get("variants")
    context = body.get("context")
    if not isinstance(families, dict) or not all(
        isinstance(states, list) for states in families.values()
    ):
        return "bad families"
    if not isinstance(variants, list) or not all(
        isinstance(item, dict)
        and _is_str_list([item.get(key) for key in VARIANT_TEXTS])
        and (item.get("index") is None or isinstance(item["index"], int))
        and isinstance(item.get("timestamp"), int)
        for item in variants
    ):
        return "bad variants"
    if not isinstance(context, dict):
        return "bad context"
    paths = inputs["packages_path"]
    if context.get("package_paths") != paths:
        return "context made for other package paths"
    try:
        check_context_data(context, path, paths, rez_platform_name())
    except SavedContextRejected as exc:
        return exc.reason
    if len(context["resolved_packages"]) != len(variants):
        return "context does not match its variants"
    locations = _locations(paths)
    for item in variants:
        if not _inside(item["file"], paths) or (
            os.path.normcase(item["repository"]) not in locations
        ):
            return "names packages outside the package paths"
    return None


def _changed(body: Dict[str, Any], packages_path: Sequence[str]) -> str:
    """What changed in the repositories since the entry (or "")."""
    for name, states in body["families"].items():
        if family_state(packages_path, name) != states:
            return f"package family {name} changed (a release?)"
    for item in body["variants"]:
        if file_state(item["file"]) != item.get("state"):
            return f"{item['file']} changed or is gone"
    return ""


class ResolveCache:
    """The cache in one private folder.

    Args:
        folder: The folder (already checked by :func:`private_folder`).
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder

    @classmethod
    def open(cls, setting: str = "") -> Optional["ResolveCache"]:
        """The cache in the folder a setting names; None (with a
        warning, once per folder) when that folder is not usable."""
        folder = expand_folder(setting)
        try:
            return cls(private_folder(folder))
        except (UnsafeFolder, OSError) as exc:
            if folder not in _warned_folders:
                _warned_folders.add(folder)
                log.warning(
                    "Not using the resolve cache folder \"%s\": %s",
                    folder, exc,
                )
            return None

    def _path(self, name: str) -> str:
        return os.path.join(self.folder, name + ENTRY_SUFFIX)

    def _read(self, path: str) -> Optional[Dict[str, Any]]:
        """The checked body of a cache file; None when missing or bad."""
        try:
            with open(path, encoding="utf-8") as stream:
                data = json.load(stream)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("Ignoring damaged resolve cache file %s: %s",
                        path, exc)
            return None
        if not isinstance(data, dict) or not isinstance(
            data.get("checksum"), str
        ) or digest(data.get("body")) != data["checksum"]:
            log.warning("Ignoring resolve cache file %s: its checksum does"
                        " not match its contents", path)
            return None
        return data

    def _write(self, path: str, body: Dict[str, Any]) -> str:
        checksum = digest(body)
        text = json.dumps({"checksum": checksum, "body": body})
        write_text_atomically(path, text, mode=0o600, sync=False)
        return checksum

    def lookup(
        self, inputs: Dict[str, Any]
    ) -> Tuple[Optional[CacheEntry], bool]:
        """The entry for ``inputs`` if rez would still resolve the same.

        Returns:
            The entry (or None), and whether an entry was found out of
            date (packages were released or changed since).
        """
        path = self._path(digest(inputs))
        data = self._read(path)
        if data is None:
            return None, False
        problem = _resolve_entry_problem(data["body"], inputs, path)
        if problem:
            log.warning("Ignoring resolve cache file %s: %s", path, problem)
            return None, False
        changed = _changed(data["body"], inputs["packages_path"])
        if changed:
            log.info("Resolve cache entry out of date: %s", changed)
            return None, True
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept when pruning
        return CacheEntry(path, data["checksum"], data["body"]), False

    def store(
        self,
        inputs: Dict[str, Any],
        families: Dict[str, Any],
        variants: List[Dict[str, Any]],
        context: Dict[str, Any],
    ) -> Optional[CacheEntry]:
        """Write a resolve entry; None (logged) when it cannot be written.

        Args:
            inputs: :func:`resolve_inputs.resolve_inputs` of the resolve.
            families: Family name to :func:`family_state` of every family
                the solve touched.
            variants: Per resolved variant, in order: ``file`` (its
                package definition) and its ``state``, ``package``
                (``name-version``), ``index``, ``repository``, ``uri``,
                ``timestamp`` (its release time, 0 when unknown).
            context: rez's ``to_dict()`` of the context.
        """
        body = {
            "format": FORMAT,
            "kind": "resolve",
            "inputs": inputs,
            "families": families,
            "variants": variants,
            "context": context,
        }
        path = self._path(digest(inputs))
        try:
            checksum = self._write(path, body)
        except (OSError, TypeError, ValueError) as exc:
            log.warning("Could not write resolve cache file %s: %s",
                        path, exc)
            return None
        self.prune()
        return CacheEntry(path, checksum, body)

    def _environ_path(self, entry: CacheEntry, key: str) -> str:
        base = os.path.basename(entry.path)[: -len(ENTRY_SUFFIX)]
        return self._path(f"{base}.env-{key[:32]}")

    def environ(
        self, entry: CacheEntry, inputs: Dict[str, Any]
    ) -> Optional[Dict[str, Any]]:
        """What is stored for ``entry`` and environment ``inputs``
        (:func:`resolve_inputs.environ_inputs`), or None: ``variables``
        (what rez set) and ``aliases`` (None when not stored yet)."""
        key = digest(inputs)
        path = self._environ_path(entry, key)
        data = self._read(path)
        if data is None:
            return None
        body = data["body"]
        if not isinstance(body, dict):
            body = {}
        variables = body.get("variables")
        aliases = body.get("aliases")
        if (
            body.get("format") != FORMAT
            or body.get("kind") != "environ"
            or body.get("inputs") != key
            or not _is_str_dict(variables)
            or not (aliases is None or _is_str_dict(aliases))
        ):
            log.warning("Ignoring resolve cache file %s: not the"
                        " environment it should be", path)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return {"variables": dict(variables), "aliases": aliases}

    def store_environ(
        self,
        entry: CacheEntry,
        inputs: Dict[str, Any],
        variables: Dict[str, str],
        aliases: Optional[Dict[str, str]] = None,
    ) -> None:
        """Store the variables (and aliases) rez gave for ``entry`` and
        ``inputs``."""
        key = digest(inputs)
        body = {
            "format": FORMAT,
            "kind": "environ",
            "inputs": key,
            "variables": variables,
            "aliases": aliases,
        }
        path = self._environ_path(entry, key)
        try:
            self._write(path, body)
        except (OSError, TypeError, ValueError) as exc:
            log.warning("Could not write resolve cache file %s: %s",
                        path, exc)

    def prune(self, keep: int = MAX_FILES) -> None:
        """Remove the least recently used files beyond ``keep``."""
        try:
            names = [
                name for name in os.listdir(self.folder)
                if name.endswith(ENTRY_SUFFIX)
            ]
        except OSError:
            return
        if len(names) <= keep:
            return
        aged = []
        for name in names:
            path = os.path.join(self.folder, name)
            with contextlib.suppress(OSError):
                aged.append((os.stat(path).st_mtime, path))
        aged.sort()
        for _mtime, path in aged[: len(aged) - keep * 3 // 4]:
            with contextlib.suppress(OSError):
                os.remove(path)
