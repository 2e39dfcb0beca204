"""The record of launched processes that the Process Monitor shows.

Every local launch is recorded (see ``launch_hooks/post_record_process``):
application, context, process id, start time, the output log when the
variant keeps its output (``redirect_output``), and the exit code when
it is known. The records live in a SQLite database in a folder only the
user can open (``0700``), beside the ``logs/`` the output goes to:

    <AYON_LAUNCHER_LOCAL_DIR or the launcher's user data dir>/
        applications_processes/processes.db
        applications_processes/logs/<app>_<time>_<id>.log

SQLite serialises writers, so several launches may record at once. What
is read back is data only: nothing from the database is ever run, and
output files are read or deleted only inside ``logs/``.
"""
import contextlib
import json
import os
import platform
import sqlite3
import stat
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

from .exceptions import ApplicationLaunchFailed
from .process_liveness import is_process_running

STORAGE_DIR_NAME = "applications_processes"
DATABASE_NAME = "processes.db"
LOGS_DIR_NAME = "logs"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 30.0

STATUS_RUNNING = "running"
STATUS_EXITED = "exited"
STATUS_UNKNOWN = "ended"  # gone before anyone saw its exit code

_COLUMNS = (
    "hash", "name", "host_name", "project_name", "folder_path",
    "task_name", "executable", "args", "cwd", "pid", "start_time",
    "output", "exit_code", "end_time", "ended",
)


class ProcessStorageError(ApplicationLaunchFailed):
    """The process records cannot be kept safely where they belong."""


def launcher_local_dir() -> str:
    """The AYON launcher's local folder (as ayon-core finds it).

    ``AYON_LAUNCHER_LOCAL_DIR`` when set (the launcher sets it), else the
    user data folder ayon-core uses by default (``platformdirs``'
    ``user_data_dir("AYON", "Ynput")``).
    """
    path = os.environ.get("AYON_LAUNCHER_LOCAL_DIR")
    if path:
        return path
    system = platform.system().lower()
    home = os.path.expanduser("~")
    if system == "windows":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(
            home, "AppData", "Local"
        )
        return os.path.join(base, "Ynput", "AYON")
    if system == "darwin":
        return os.path.join(home, "Library", "Application Support", "AYON")
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        home, ".local", "share"
    )
    return os.path.join(base, "AYON")


def default_storage_dir() -> str:
    """Folder of the process records of this user."""
    return os.path.join(launcher_local_dir(), STORAGE_DIR_NAME)


def ensure_private_dir(path: str) -> str:
    """Create ``path`` as a folder only its owner can open.

    Raises:
        ProcessStorageError: It is a link, not a folder, or belongs to
            another user (its content could not be trusted).
    """
    os.makedirs(path, mode=0o700, exist_ok=True)
    if os.name != "posix":
        return path
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise ProcessStorageError(
            f"Process Monitor folder \"{path}\" is not a plain folder"
        )
    if info.st_uid != os.getuid():
        raise ProcessStorageError(
            f"Process Monitor folder \"{path}\" belongs to another user"
        )
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(path, 0o700)
    return path


@dataclass
class ProcessInfo:
    """One launched process.

    Attributes:
        name: Full application name (``group/variant``).
        executable: Program started (first launch argument).
        args: All launch arguments.
        cwd: Working folder of the launch.
        hash: Unique id of the record.
        pid: Process id.
        start_time: When it started (epoch seconds).
        output: Log file of its stdout and stderr, when kept.
        host_name, project_name, folder_path, task_name: Context.
        exit_code: Exit code, once the launching process saw it.
        end_time: When the exit code was recorded.
        ended: It stopped running before its exit code was seen.
        active: It was running when the records were last read.
    """

    name: str
    executable: str
    args: List[str] = field(default_factory=list)
    cwd: str = ""
    hash: str = field(default_factory=lambda: uuid.uuid4().hex)
    pid: Optional[int] = None
    start_time: Optional[float] = None
    output: Optional[Path] = None
    host_name: Optional[str] = None
    project_name: Optional[str] = None
    folder_path: Optional[str] = None
    task_name: Optional[str] = None
    exit_code: Optional[int] = None
    end_time: Optional[float] = None
    ended: bool = False
    active: bool = False

    @property
    def status(self) -> str:
        """``running``, ``exited`` (code known) or ``ended`` (unknown)."""
        if self.exit_code is not None:
            return STATUS_EXITED
        if self.ended or not self.active:
            return STATUS_UNKNOWN
        return STATUS_RUNNING

    def to_dict(self) -> Dict[str, Any]:
        """JSON-ready values, with ``status``."""
        data = {name: getattr(self, name) for name in _COLUMNS}
        data["output"] = str(self.output) if self.output else None
        data["ended"] = bool(self.ended)
        data["active"] = self.active
        data["status"] = self.status
        return data


def _row_to_info(row: sqlite3.Row) -> ProcessInfo:
    try:
        args = json.loads(row["args"] or "[]")
    except ValueError:
        args = []
    if not isinstance(args, list):
        args = []
    return ProcessInfo(
        name=str(row["name"]),
        executable=str(row["executable"] or ""),
        args=[str(arg) for arg in args],
        cwd=str(row["cwd"] or ""),
        hash=str(row["hash"]),
        pid=row["pid"] if isinstance(row["pid"], int) else None,
        start_time=row["start_time"],
        output=Path(row["output"]) if row["output"] else None,
        host_name=row["host_name"],
        project_name=row["project_name"],
        folder_path=row["folder_path"],
        task_name=row["task_name"],
        exit_code=(
            row["exit_code"] if isinstance(row["exit_code"], int) else None
        ),
        end_time=row["end_time"],
        ended=bool(row["ended"]),
    )


class ProcessManager:
    """Reads and writes the process records of the current user.

    Args:
        storage_dir: Folder of the records; this user's default when None.
    """

    def __init__(self, storage_dir: Optional[str] = None) -> None:
        self.storage_dir = storage_dir or default_storage_dir()

    # --- Locations ------------------------------------------------------
    def get_process_info_storage_location(self) -> Path:
        """Path of the records database."""
        return Path(self.storage_dir) / DATABASE_NAME

    @property
    def logs_dir(self) -> str:
        """Folder of the output logs."""
        return os.path.join(self.storage_dir, LOGS_DIR_NAME)

    def new_output_path(self, app_name: str) -> str:
        """Create an empty private log file for a launch of ``app_name``."""
        ensure_private_dir(self.storage_dir)
        ensure_private_dir(self.logs_dir)
        safe = "".join(c if c.isalnum() else "_" for c in app_name)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = os.path.join(
            self.logs_dir, f"{safe}_{stamp}_{uuid.uuid4().hex[:8]}.log"
        )
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        return path

    def owns_output(self, path: Optional[Path]) -> bool:
        """Whether ``path`` is a log file inside this storage's ``logs/``."""
        if not path:
            return False
        logs = os.path.realpath(self.logs_dir)
        real = os.path.realpath(str(path))
        return os.path.dirname(real) == logs and os.path.isfile(real)

    # --- Database -------------------------------------------------------
    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        ensure_private_dir(self.storage_dir)
        path = str(self.get_process_info_storage_location())
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
        try:
            connection.row_factory = sqlite3.Row
            if os.name == "posix":
                os.chmod(path, 0o600)
            self._ensure_schema(connection, path)
            yield connection
        finally:
            connection.close()

    @staticmethod
    def _ensure_schema(connection: sqlite3.Connection, path: str) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise ProcessStorageError(
                f"Process records \"{path}\" were written by a newer"
                f" version of the addon (schema {version})"
            )
        with connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS processes ("
                "hash TEXT PRIMARY KEY, name TEXT NOT NULL,"
                " host_name TEXT, project_name TEXT, folder_path TEXT,"
                " task_name TEXT, executable TEXT, args TEXT, cwd TEXT,"
                " pid INTEGER, start_time REAL, output TEXT,"
                " exit_code INTEGER, end_time REAL,"
                " ended INTEGER NOT NULL DEFAULT 0)"
            )
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # --- Writing --------------------------------------------------------
    def store_process_info(self, process_info: ProcessInfo) -> None:
        """Add (or replace) the record of a process."""
        values = process_info.to_dict()
        values["args"] = json.dumps(process_info.args)
        values["ended"] = int(process_info.ended)
        names = ", ".join(_COLUMNS)
        marks = ", ".join("?" for _ in _COLUMNS)
        with self._connect() as connection, connection:
            connection.execute(
                f"INSERT OR REPLACE INTO processes ({names})"
                f" VALUES ({marks})",
                [values[name] for name in _COLUMNS],
            )

    def set_exit_code(self, process_hash: str, exit_code: int) -> None:
        """Record the exit code of a process."""
        with self._connect() as connection, connection:
            connection.execute(
                "UPDATE processes SET exit_code = ?, end_time = ?,"
                " ended = 1 WHERE hash = ?",
                (int(exit_code), time.time(), process_hash),
            )

    # --- Reading --------------------------------------------------------
    def get_process_info(self, process_hash: str) -> Optional[ProcessInfo]:
        """One record by its hash, or None."""
        with self._connect() as connection:
            row = connection.execute(
                "SELECT * FROM processes WHERE hash = ?", (process_hash,)
            ).fetchone()
        return _row_to_info(row) if row is not None else None

    def get_all_process_info(self) -> List[ProcessInfo]:
        """Every record, newest first, with ``active`` checked now.

        A process without exit code that no longer runs is marked as
        ended for good (its id may be reused later by another process).
        """
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT * FROM processes"
                " ORDER BY start_time DESC, rowid DESC"
            ).fetchall()
            processes = [_row_to_info(row) for row in rows]
            gone = []
            for process in processes:
                if process.ended or process.exit_code is not None:
                    continue
                if process.pid and is_process_running(
                    process.pid, process.start_time
                ):
                    process.active = True
                    continue
                process.ended = True
                gone.append(process.hash)
            if gone:
                with connection:
                    connection.executemany(
                        "UPDATE processes SET ended = 1 WHERE hash = ?"
                        " AND exit_code IS NULL",
                        [(process_hash,) for process_hash in gone],
                    )
        return processes

    def read_output(
        self, process_info: ProcessInfo, max_bytes: int = 512 * 1024
    ) -> Optional[str]:
        """The end of a process's output log, or None without one.

        Only files inside ``logs/`` are read: a path from the database is
        never followed elsewhere.
        """
        if not self.owns_output(process_info.output):
            return None
        with open(str(process_info.output), "rb") as stream:
            stream.seek(0, os.SEEK_END)
            size = stream.tell()
            stream.seek(max(0, size - max_bytes))
            data = stream.read()
        return data.decode("utf-8", errors="replace")

    # --- Deleting -------------------------------------------------------
    def _remove_output(self, process_info: ProcessInfo) -> None:
        if self.owns_output(process_info.output):
            with contextlib.suppress(OSError):
                os.remove(str(process_info.output))

    def delete_process_info(self, process_hash: str) -> bool:
        """Delete a record and its output log.

        Returns:
            Whether the record existed.
        """
        process = self.get_process_info(process_hash)
        if process is None:
            return False
        with self._connect() as connection, connection:
            connection.execute(
                "DELETE FROM processes WHERE hash = ?", (process_hash,)
            )
        self._remove_output(process)
        return True

    def delete_inactive_processes(self) -> int:
        """Delete the records (and logs) of processes no longer running.

        Returns:
            How many records were deleted.
        """
        inactive = [
            process for process in self.get_all_process_info()
            if not process.active
        ]
        if not inactive:
            return 0
        with self._connect() as connection, connection:
            connection.executemany(
                "DELETE FROM processes WHERE hash = ?",
                [(process.hash,) for process in inactive],
            )
        for process in inactive:
            self._remove_output(process)
        return len(inactive)
