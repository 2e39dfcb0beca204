"""Faults of rez packages and repositories, and the line each ends in.

Plain data, shared by ``tests/test_package_faults.py`` (which runs every
case through the standalone command line) and
``scripts/reliability_table.py`` (which lists them in
``docs/reliability.md``).

Each case breaks the one package of the good settings file's app,
``maya-2025.1`` (see ``tests/bad_input_cases.py``): code in its
``package.py``, a mode user ``nobody`` may not read, or a folder removed
while the launch runs (after the resolve, as the package's
``commands()`` run). Every case ends with exit code 1 and one ``ERROR:``
line starting ``Cannot launch "maya/2025" in project "show": `` and
holding each text of ``shows``.
"""
from dataclasses import dataclass
from typing import Sequence

#: What every case breaks.
PACKAGE = "maya-2025.1"
#: Environment variable naming the pipe the ``removed`` cases wait on.
PAUSE_ENV = "AYON_TEST_PAUSE"
_FIX = f"fix the package {PACKAGE} or remove it from the repository"


@dataclass(frozen=True)
class PackageCase:
    """One broken package or repository.

    Attributes:
        id: Short name (the test id).
        what: The fault, for the doc.
        shows: Texts the ``ERROR:`` line must hold.
        top: Lines put first in ``maya/2025.1/package.py``.
        commands: Lines added at the end of its ``commands()`` (line 3
            of the function on).
        tail: Top-level lines added after ``commands()``.
        closed: Path in the repository (``""``: the repository itself)
            user nobody may not read, with ``closed_mode``.
        closed_mode: The mode ``closed`` gets.
        removed: Path in the repository removed once the resolve is
            done, while ``commands()`` runs.
        command: ``launch``, ``resolve`` or ``extractenvironments``.
    """

    id: str
    what: str
    shows: Sequence[str]
    top: str = ""
    commands: str = ""
    tail: str = ""
    closed: str = ""
    closed_mode: int = 0
    removed: str = ""
    command: str = "launch"

    @property
    def as_nobody(self) -> bool:
        """Whether the case needs an unprivileged user."""
        return bool(self.closed_mode)

    @property
    def paused(self) -> bool:
        """Whether the case removes a folder during the launch."""
        return bool(self.removed)


_EXIT = "import sys; sys.exit(3)"
_PAUSE = (
    "import os\n"
    f"with open(os.environ['{PAUSE_ENV}']) as pause:\n"
    "    pause.read()"
)

#: Broken packages and repositories: exit 1, one line naming the
#: package, nothing launched, no output file.
PACKAGE_CASES = [
    PackageCase(
        "exit-at-load", "package.py calls `sys.exit(3)`",
        ["the package maya-2025.1 failed while rez read its definition",
         "package.py\", line 1): it called sys.exit(3)", _FIX],
        top=_EXIT),
    PackageCase(
        "exit-in-commands", "`commands()` calls `sys.exit(3)`",
        ["the package maya-2025.1 failed in its commands()",
         "line 3 of commands()): it called sys.exit(3)", _FIX],
        commands=_EXIT),
    PackageCase(
        "exit-in-pre-commands", "`pre_commands()` calls `sys.exit()`",
        ["failed in its pre_commands()", "it called sys.exit()"],
        tail="def pre_commands():\n    import sys; sys.exit()"),
    PackageCase(
        "exit-in-late-requires",
        "a `@late()` `requires()` calls `sys.exit(5)`",
        ["failed in its requires()", "it called sys.exit(5)"],
        tail="@late()\ndef requires():\n    import sys; sys.exit(5)"),
    PackageCase(
        "exit-with-text", "package.py calls `sys.exit(\"no licence\")`",
        ["failed while rez read its definition",
         "it called sys.exit('no licence')"],
        top="import sys; sys.exit('no licence')"),
    PackageCase(
        "interrupt-at-load", "package.py raises `KeyboardInterrupt`",
        ["failed while rez read its definition",
         "it raised KeyboardInterrupt", _FIX],
        top="raise KeyboardInterrupt"),
    PackageCase(
        "interrupt-in-commands", "`commands()` raises `KeyboardInterrupt`",
        ["failed in its commands()", "it raised KeyboardInterrupt"],
        commands="raise KeyboardInterrupt"),
    PackageCase(
        "syntax-error", "package.py has a syntax error",
        ["failed while rez read its definition",
         "line 9): syntax error (", _FIX],
        tail="def broken(:"),
    PackageCase(
        "exception-at-load", "package.py raises `RuntimeError`",
        ["failed while rez read its definition",
         "line 1): RuntimeError: licence server down", _FIX],
        top="raise RuntimeError('licence server down')"),
    PackageCase(
        "file-error-in-package-code",
        "package.py opens a file that does not exist (its own error, not"
        " the repository's)",
        ["failed while rez read its definition",
         "line 1): FileNotFoundError: [Errno 2] No such file or directory:"
         " '/nonexistent/licence.cfg'"],
        top="open('/nonexistent/licence.cfg')"),
    PackageCase(
        "exception-in-commands",
        "`commands()` raises `RuntimeError` (rez: PackageCommandError)",
        ["failed in its commands()", "licence server down", _FIX],
        commands="raise RuntimeError('licence server down')"),
    PackageCase(
        "undefined-name-in-commands", "`commands()` calls an unknown name",
        ["failed in its commands()",
         "name 'setup_licence' is not defined"],
        commands="setup_licence()"),
    PackageCase(
        "exception-in-late-requires",
        "a `@late()` `requires()` raises `RuntimeError` (rez:"
        " SourceCodeExecError)",
        ["failed in its requires()",
         "line 2 of requires()): RuntimeError: no such show"],
        tail="@late()\ndef requires():\n"
             "    raise RuntimeError('no such show')"),
    PackageCase(
        "requires-not-a-list", "package.py sets `requires = 5` (rez:"
        " PackageMetadataError)",
        ["failed while rez read its definition",
         "its requires is not valid"],
        tail="requires = 5"),
    PackageCase(
        "exit-at-load-extract", "package.py calls `sys.exit(3)`",
        ["failed while rez read its definition",
         "it called sys.exit(3)"],
        top=_EXIT, command="extractenvironments"),
    PackageCase(
        "exit-in-commands-resolve", "`commands()` calls `sys.exit(3)`",
        ["failed in its commands()", "it called sys.exit(3)"],
        commands=_EXIT, command="resolve"),
    PackageCase(
        "package-file-unreadable",
        "package.py is root's, mode 600; run by user nobody",
        ["the package maya-2025.1 cannot be read: permission denied, user",
         "package.py\"; ask an administrator to let"],
        closed="maya/2025.1/package.py", closed_mode=0o600,
        command="extractenvironments"),
    PackageCase(
        "repository-unreadable",
        "the packages path is root's, mode 700; run by user nobody",
        ["permission denied: user", "may not read the rez packages path"],
        closed="", closed_mode=0o700, command="extractenvironments"),
    PackageCase(
        "repository-not-listable",
        "the packages path is root's, mode 744 (read, no search); run by"
        " user nobody",
        ["permission denied: user", "may not read the rez packages path"],
        closed="", closed_mode=0o744, command="extractenvironments"),
    PackageCase(
        "family-folder-unreadable",
        "the folder `maya` is root's, mode 700; run by user nobody",
        ["the package maya cannot be read: permission denied, user",
         "packages/maya\"; ask an administrator"],
        closed="maya", closed_mode=0o700, command="extractenvironments"),
    PackageCase(
        "version-folder-unreadable",
        "the folder `maya/2025.1` is root's, mode 700; run by user nobody",
        ["permission denied: user",
         "maya/2025.1\" (maya-2025.1) in the rez repository"],
        closed="maya/2025.1", closed_mode=0o700,
        command="extractenvironments"),
    PackageCase(
        "repository-removed",
        "the repository is removed after the resolve, before the launch",
        ["resolved packages are gone since the resolve: maya-2025.1",
         "check the package repository, then launch again"],
        commands=_PAUSE, removed="."),
    PackageCase(
        "package-folder-removed",
        "the folder `maya/2025.1` is removed after the resolve, before the"
        " launch",
        ["resolved packages are gone since the resolve: maya-2025.1",
         "maya/2025.1\") no longer exist"],
        commands=_PAUSE, removed="maya/2025.1"),
]
