"""What a command name of the settings starts: a rez alias or a program.

``rez env pkg -- maya`` runs ``maya`` in a shell where the resolved
packages' ``alias()`` calls are defined, so an alias wins over a program
of the same name on ``PATH``. A launch does the same without a shell: the
alias text is split into program and arguments as the platform's shell
splits plain words, and anything only a shell could run (``&&``, pipes,
redirections, variable or glob expansion...) is refused with a message
naming the alias. rez formats ``{root}`` and friends when the package's
``commands()`` run, so the alias text is final here.

No rez import: the aliases come from ``resolver.Resolution.aliases``.
"""
import re
from dataclasses import dataclass, field
from typing import Callable, List, Mapping, Optional

from .exceptions import ApplicationLaunchFailed

#: Finds a program on the resolved ``PATH``: ``which(name, env)``.
Which = Callable[[str, Mapping[str, str]], Optional[str]]

SOURCE_PATH = "PATH"
SOURCE_ALIAS = "alias"
_MAX_ALIAS_DEPTH = 10
_ASSIGNMENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# "{a,b}" and "{1..3}" expand in a POSIX shell; other braces stay as typed.
_BRACE_EXPANSION_RE = re.compile(r"\{[^{}\s]*(,|\.\.)[^{}\s]*\}")
# Characters a POSIX shell treats as syntax outside quotes, and the name
#   of what they do, for the message.
_POSIX_SYNTAX = {
    "|": "a pipe or '||'",
    "&": "'&&' or a background job",
    ";": "a command separator",
    "<": "a redirection",
    ">": "a redirection",
    "(": "a subshell",
    ")": "a subshell",
    "$": "a variable or command expansion",
    "`": "a command substitution",
    "*": "a glob pattern",
    "?": "a glob pattern",
    "[": "a glob pattern",
    "\n": "a line break (command separator)",
}
_WINDOWS_SYNTAX = {
    "|": "a pipe or '||'",
    "&": "'&&' or a command separator",
    "<": "a redirection",
    ">": "a redirection",
    "^": "an escape character of cmd",
    "\n": "a line break (command separator)",
}


class AliasSyntaxError(ValueError):
    """An alias needs a shell to run."""


@dataclass
class FoundCommand:
    """A command of the settings, as found in the resolved environment.

    Attributes:
        program: Full path of the program to start.
        arguments: Arguments the alias puts before the variant's own.
        source: ``"alias"`` or ``"PATH"``.
        alias_chain: Alias names followed, first the command's own.
        alias_text: Text of the (first) alias, as the package defined it.
    """

    program: str
    arguments: List[str] = field(default_factory=list)
    source: str = SOURCE_PATH
    alias_chain: List[str] = field(default_factory=list)
    alias_text: str = ""

    @property
    def args(self) -> List[str]:
        """Program and the alias's arguments."""
        return [self.program, *self.arguments]

    def describe(self) -> str:
        """One line for logs and the ``resolve`` command."""
        if self.source == SOURCE_ALIAS:
            return (
                f"alias \"{self.alias_chain[0]}\" of the resolved packages"
                f" (\"{self.alias_text}\"): {' '.join(self.args)}"
            )
        return f"{self.program} (on the resolved PATH)"

    def to_data(self) -> dict:
        """JSON-ready description."""
        return {
            "source": self.source,
            "program": self.program,
            "arguments": list(self.arguments),
            "alias": self.alias_chain[0] if self.alias_chain else None,
            "alias_text": self.alias_text or None,
        }


def _check_posix_word_start(word: str, quoted: bool, char: str) -> None:
    if word or quoted:
        return
    if char == "~":
        raise AliasSyntaxError("'~' (a home folder expansion)")
    if char == "#":
        raise AliasSyntaxError("'#' (a comment)")


def split_posix(text: str) -> List[str]:
    """Split as a POSIX shell splits plain words (quotes, backslashes).

    Raises:
        AliasSyntaxError: ``text`` uses other shell syntax.
    """
    if _BRACE_EXPANSION_RE.search(text):
        raise AliasSyntaxError("'{' (a brace expansion)")
    words: List[str] = []
    word = ""
    in_word = False
    index = 0
    while index < len(text):
        char = text[index]
        if char in " \t":
            if in_word:
                words.append(word)
            word, in_word = "", False
        elif char == "'":
            end = text.find("'", index + 1)
            if end < 0:
                raise AliasSyntaxError("an unclosed quote")
            word += text[index + 1:end]
            in_word = True
            index = end
        elif char == '"':
            index, quoted = _posix_double_quoted(text, index + 1)
            word += quoted
            in_word = True
        elif char == "\\":
            if index + 1 >= len(text) or text[index + 1] == "\n":
                raise AliasSyntaxError("a line continuation")
            word += text[index + 1]
            in_word = True
            index += 1
        elif char in _POSIX_SYNTAX:
            raise AliasSyntaxError(f"{char!r} ({_POSIX_SYNTAX[char]})")
        else:
            _check_posix_word_start(word, in_word, char)
            if char == "=" and not words and _ASSIGNMENT_RE.match(word + "="):
                raise AliasSyntaxError(
                    f"'{word}=' (a variable assignment)"
                )
            word += char
            in_word = True
        index += 1
    if in_word:
        words.append(word)
    return words


def _posix_double_quoted(text: str, index: int) -> "tuple[int, str]":
    """Read a double-quoted part from ``index``; returns (end, text)."""
    value = ""
    while index < len(text):
        char = text[index]
        if char == '"':
            return index, value
        if char in "$`":
            raise AliasSyntaxError(f"{char!r} ({_POSIX_SYNTAX[char]})")
        if char == "\\" and index + 1 < len(text) and text[index + 1] in (
            '$`"\\'
        ):
            value += text[index + 1]
            index += 2
            continue
        value += char
        index += 1
    raise AliasSyntaxError("an unclosed quote")


def split_windows(text: str) -> List[str]:
    """Split as a Windows program splits its command line (MS C rules).

    Raises:
        AliasSyntaxError: ``text`` uses cmd syntax (``&``, ``|``, ``%``
            variables, doskey ``$`` codes...).
    """
    if "%" in text:
        raise AliasSyntaxError("'%' (a variable expansion of cmd)")
    if re.search(r"\$[TtGgLlBb*1-9$]", text):
        raise AliasSyntaxError("'$' (a doskey macro code)")
    words: List[str] = []
    word = ""
    in_word = False
    quoted = False
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            count = len(text[index:]) - len(text[index:].lstrip("\\"))
            index += count
            if index < len(text) and text[index] == '"':
                word += "\\" * (count // 2)
                if count % 2:
                    word += '"'
                    index += 1
                in_word = True
                continue
            word += "\\" * count
            in_word = True
            continue
        if char == '"':
            if quoted and text[index + 1:index + 2] == '"':
                word += '"'
                index += 2
                continue
            quoted = not quoted
            in_word = True
        elif char in " \t" and not quoted:
            if in_word:
                words.append(word)
            word, in_word = "", False
        elif char in _WINDOWS_SYNTAX and not quoted:
            raise AliasSyntaxError(f"{char!r} ({_WINDOWS_SYNTAX[char]})")
        else:
            word += char
            in_word = True
        index += 1
    if quoted:
        raise AliasSyntaxError("an unclosed quote")
    if in_word:
        words.append(word)
    return words


def split_alias(text: str, windows: bool) -> List[str]:
    """Program and arguments of an alias, as the platform's shell splits.

    Raises:
        AliasSyntaxError: The alias needs a shell.
    """
    words = split_windows(text) if windows else split_posix(text)
    if not words:
        raise AliasSyntaxError("no program")
    return words


def alias_command(
    command: str,
    aliases: Mapping[str, str],
    env: Mapping[str, str],
    which: Which,
    windows: bool,
    subject: str,
) -> Optional[FoundCommand]:
    """Expand ``command`` when the resolved packages define it as an alias.

    An alias whose program is another alias is followed; one whose
    program is its own name means the program of that name on ``PATH``.

    Args:
        command: The command name of the settings.
        aliases: Alias name to text, from the resolved context.
        env: The launch environment (its ``PATH`` finds the program).
        which: Finds a program on the resolved ``PATH``.
        windows: Split as cmd on Windows would, else as a POSIX shell.
        subject: What is launched, for messages.

    Returns:
        The command, or None when ``command`` is not an alias.

    Raises:
        ApplicationLaunchFailed: The alias needs a shell, or its program
            is not found.
    """
    if command not in aliases:
        return None
    chain: List[str] = []
    arguments: List[str] = []
    name = command
    while name in aliases and name not in chain:
        if len(chain) >= _MAX_ALIAS_DEPTH:
            break
        chain.append(name)
        try:
            words = split_alias(aliases[name], windows)
        except AliasSyntaxError as exc:
            raise ApplicationLaunchFailed(
                f"Cannot launch {subject}: the command \"{command}\" is the"
                f" rez alias \"{name}\" = \"{aliases[name]}\", which uses"
                f" shell syntax: {exc}. Launches start programs without a"
                " shell; make the alias a program and its arguments, or"
                " point the command at a wrapper script."
            ) from None
        arguments = words[1:] + arguments
        name = words[0]
    program = which(name, env)
    if program is None:
        raise ApplicationLaunchFailed(
            f"Cannot launch {subject}: the command \"{command}\" is the rez"
            f" alias \"{chain[-1]}\" = \"{aliases[chain[-1]]}\", whose"
            f" program \"{name}\" is not found on the resolved PATH."
        )
    return FoundCommand(
        program=program,
        arguments=arguments,
        source=SOURCE_ALIAS,
        alias_chain=chain,
        alias_text=aliases[command],
    )
