"""Text and JSON views of the process records (the ``processes`` command
and the Process Monitor window share them)."""
import json
import sys
import time
from typing import IO, List, Optional

from .process import (
    STATUS_EXITED,
    STATUS_RUNNING,
    ProcessInfo,
    ProcessManager,
)

COLUMNS = (
    "Started", "Status", "PID", "Application", "Project", "Folder",
    "Task", "Output",
)


def format_time(value: Optional[float]) -> str:
    """Local date and time of an epoch value ("" when unknown)."""
    if not value:
        return ""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(value))


def status_text(process: ProcessInfo) -> str:
    """``running``, ``exited 3`` or ``ended (exit code unknown)``."""
    status = process.status
    if status == STATUS_EXITED:
        return f"exited {process.exit_code}"
    if status == STATUS_RUNNING:
        return "running"
    return "ended (exit code unknown)"


def row_values(process: ProcessInfo) -> List[str]:
    """One record as the texts of :data:`COLUMNS`."""
    return [
        format_time(process.start_time),
        status_text(process),
        str(process.pid or ""),
        process.name,
        process.project_name or "",
        process.folder_path or "",
        process.task_name or "",
        str(process.output or ""),
    ]


def format_table(processes: List[ProcessInfo]) -> str:
    """Records as an aligned text table, newest first."""
    if not processes:
        return "No launched processes recorded."
    # upper-case headers, as the other tables of the command line
    header = [column.upper() for column in COLUMNS]
    rows = [header] + [row_values(process) for process in processes]
    widths = [
        max(len(row[index]) for row in rows) for index in range(len(COLUMNS))
    ]
    lines = [
        "  ".join(
            value.ljust(width) for value, width in zip(row, widths)
        ).rstrip()
        for row in rows
    ]
    return "\n".join(lines)


def print_processes(
    as_json: bool = False,
    clean: bool = False,
    stream: Optional[IO[str]] = None,
    records: Optional[ProcessManager] = None,
) -> None:
    """Print the recorded launches of this user.

    Args:
        as_json: Print a JSON list instead of a table.
        clean: First delete the records (and logs) of processes that no
            longer run.
        stream: Where to print (stdout by default).
        records: Records to read (this user's by default).
    """
    stream = stream or sys.stdout
    records = records or ProcessManager()
    if clean:
        count = records.delete_inactive_processes()
        if not as_json:
            stream.write(f"Deleted {count} ended processes.\n")
    processes = records.get_all_process_info()
    if as_json:
        json.dump(
            [process.to_dict() for process in processes], stream, indent=4
        )
        stream.write("\n")
    else:
        stream.write(format_table(processes) + "\n")
