"""A command is a rez alias of the resolved packages first, then a program
on the resolved ``PATH``; an alias runs without a shell.

The splitting tables follow how the shells split plain words: POSIX
``sh`` (quotes, backslashes) and the Microsoft C runtime's command-line
rules on Windows. Anything only a shell could run is refused by name.
"""
import os

import pytest

from ayon_applications import ApplicationLaunchFailed, ApplicationManager
from ayon_applications.command_lookup import (
    AliasSyntaxError,
    alias_command,
    split_posix,
    split_windows,
)
from ayon_applications.settings import FileSettingsSource
from tests.fixtures.launch import (
    PROBE_SCRIPT,
    addon_settings,
    app_group,
    read_probe,
    variant,
    write_settings_file,
)


@pytest.mark.parametrize(("text", "words"), [
    ("/opt/maya/bin/maya", ["/opt/maya/bin/maya"]),
    ("maya  -batch\t-x", ["maya", "-batch", "-x"]),
    ("app --name 'two words'", ["app", "--name", "two words"]),
    ('app "a b" c', ["app", "a b", "c"]),
    (r'app "say \"hi\"" x\ y', ["app", 'say "hi"', "x y"]),
    ("app ''", ["app", ""]),
    ("app --opt={x}", ["app", "--opt={x}"]),
    ("app a=b", ["app", "a=b"]),
    ("app 'a|b;c&d'", ["app", "a|b;c&d"]),
])
def test_posix_splitting(text, words):
    assert split_posix(text) == words


@pytest.mark.parametrize(("text", "what"), [
    ("app && other", "&"),
    ("app | tee log", "|"),
    ("app > log", ">"),
    ("app < in", "<"),
    ("app; other", ";"),
    ("app $HOME", "$"),
    ('app "$HOME"', "$"),
    ("app `date`", "`"),
    ("app *.ma", "*"),
    ("app ~/scene.ma", "~"),
    ("FOO=1 app", "assignment"),
    ("app {a,b}", "brace"),
    ("app 'open", "unclosed"),
    ("app # comment", "comment"),
])
def test_posix_shell_syntax_is_refused(text, what):
    with pytest.raises(AliasSyntaxError, match=what.replace("$", r"\$")
                       .replace("|", r"\|").replace("*", r"\*")):
        split_posix(text)


@pytest.mark.parametrize(("text", "words"), [
    (r"C:\Program Files\app.exe", [r"C:\Program", r"Files\app.exe"]),
    (r'"C:\Program Files\app.exe" -x', [r"C:\Program Files\app.exe", "-x"]),
    (r'app "a \"b\" c"', ["app", 'a "b" c']),
    (r'app C:\dir\ "x"', ["app", "C:\\dir\\", "x"]),
    (r'app "C:\dir\\" y', ["app", "C:\\dir\\", "y"]),
    ('app "a ""b"" c"', ["app", 'a "b" c']),
    ("app 'single'", ["app", "'single'"]),
])
def test_windows_splitting(text, words):
    assert split_windows(text) == words


@pytest.mark.parametrize("text", [
    "app & other", "app | more", "app > log", "app %TEMP%", "app ^x",
    "app $T other", 'app "unclosed',
])
def test_windows_shell_syntax_is_refused(text):
    with pytest.raises(AliasSyntaxError):
        split_windows(text)


def fake_which(found):
    return lambda name, env: found.get(name)


def test_alias_chain_and_own_name_on_path():
    aliases = {
        "maya": "mayapy_wrapper --gui",
        "mayapy_wrapper": "/opt/maya/bin/maya -wrapped",
        "nuke": "nuke -x",  # its own name: the program on PATH
    }
    which = fake_which({"/opt/maya/bin/maya": "/opt/maya/bin/maya",
                        "nuke": "/usr/bin/nuke"})

    found = alias_command("maya", aliases, {}, which, False, "s")
    assert found.args == ["/opt/maya/bin/maya", "-wrapped", "--gui"]
    assert found.alias_chain == ["maya", "mayapy_wrapper"]
    nuke = alias_command("nuke", aliases, {}, which, False, "s")
    assert nuke.args == ["/usr/bin/nuke", "-x"]
    assert alias_command("houdini", aliases, {}, which, False, "s") is None


def test_alias_error_names_the_alias():
    aliases = {"maya": "cd /tmp && maya"}
    with pytest.raises(ApplicationLaunchFailed) as caught:
        alias_command("maya", aliases, {}, fake_which({}), False, '"m/1"')
    message = str(caught.value)
    assert 'rez alias "maya" = "cd /tmp && maya"' in message
    assert '"m/1"' in message
    with pytest.raises(ApplicationLaunchFailed, match="not found"):
        alias_command("maya", {"maya": "nomaya -x"}, {}, fake_which({}),
                      False, "s")


# --- Through a launch ------------------------------------------------------


def alias_manager(tmp_path, alias_text, command="studioapp"):
    from tests.fixtures.rez_repo import RezRepo

    repo = RezRepo(str(tmp_path / "packages"))
    repo.add(
        "studioapp", "1.0",
        commands=f"alias('studioapp', {alias_text!r})",
        bin_scripts={"realapp": PROBE_SCRIPT, "studioapp": PROBE_SCRIPT},
    )
    settings = addon_settings(
        [repo.root],
        [app_group("studio", [variant("1", ["studioapp"],
                                      command=[command, "--first"],
                                      arguments=["--second"])])],
    )
    path = write_settings_file(str(tmp_path / "settings.json"), settings)
    return repo, ApplicationManager(settings_source=FileSettingsSource(path))


def test_alias_wins_over_a_program_of_the_same_name(
    tmp_path, probe_output
):
    repo, manager = alias_manager(tmp_path, "realapp -from-alias 'a b'")
    process = manager.launch("studio/1", project_name="show")
    assert process.wait(timeout=60) == 0

    argv = read_probe(probe_output)["argv"]
    real = os.path.join(repo.root, "studioapp", "1.0", "bin", "realapp")
    assert argv == [real, "-from-alias", "a b", "--first", "--second"]


def test_alias_with_shell_syntax_fails_the_launch(tmp_path, probe_output):
    _repo, manager = alias_manager(tmp_path, "realapp > /tmp/log")
    with pytest.raises(ApplicationLaunchFailed) as caught:
        manager.launch("studio/1", project_name="show")
    assert 'rez alias "studioapp"' in str(caught.value)
    assert not os.path.exists(probe_output)
