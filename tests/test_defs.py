"""``Application.executables`` and ``find_executable``, as Ynput's mean.

Ynput's addon (1.4.4 ``defs.py``): ``executables`` are this platform's
candidate executables from the settings, ``find_executable()`` the first
that exists, or None. Here the candidate is the program of the variant's
command for this platform, looked up on the resolved ``PATH`` at launch.
"""
from ayon_applications import ApplicationExecutable, ApplicationManager
from ayon_applications.definitions import current_platform
from tests.fixtures.launch import addon_settings, app_group, variant


def app_with(command, per_platform=None):
    data = variant("2025", ["maya-2025"], command=command)
    if per_platform is not None:
        data["command_per_platform"][current_platform()] = per_platform
    settings = addon_settings(["/nowhere"], [app_group("maya", [data])])
    manager = ApplicationManager({"applications": settings})
    return manager.applications["maya/2025"]


def test_executables_are_the_command_program():
    app = app_with(["maya", "-batch"])

    (executable,) = app.executables
    assert isinstance(executable, ApplicationExecutable)
    assert str(executable) == "maya"
    found = app.find_executable()
    assert str(found) == "maya"


def test_platform_command_replaces_the_command():
    app = app_with(["maya"], per_platform=["maya.bin", "-x"])

    assert [str(e) for e in app.executables] == ["maya.bin"]


def test_no_command_no_executables():
    app = app_with([])

    assert app.executables == []
    assert app.find_executable() is None


def test_a_missing_absolute_path_is_not_found(tmp_path):
    missing = str(tmp_path / "maya")
    app = app_with([missing])

    assert [str(e) for e in app.executables] == [missing]
    assert app.find_executable() is None
    (tmp_path / "maya").write_text("")
    assert str(app.find_executable()) == missing
