"""The JSON environment syntax admins know, and the parent clean-up."""
import os

from ayon_applications.env_origins import changed_variables
from ayon_applications.environment import (
    apply_json_environments,
    clean_parent_environment,
    parse_environment_values,
)

SEP = os.pathsep


def test_values_by_env_group_and_platform():
    data = {
        "PLAIN": "value",
        "EMPTY": "",
        "LIST": ["/a", "/b"],
        "NUMBER": 5,
        "GROUPED": {"standard": "ws", "farm": "farm"},
        "ONLY_FARM": {"farm": "x"},
        "PLATFORM": {"linux": "/lin", "windows": "C:/win"},
        "GROUP_THEN_PLATFORM": {
            "standard": {"linux": ["/l1", "/l2"], "windows": "w"},
            "farm": "f",
        },
        "OTHER_PLATFORM_ONLY": {"windows": "w"},
    }
    standard = parse_environment_values(data, None, "linux")
    assert standard == {
        "PLAIN": "value",
        "EMPTY": "",
        "LIST": f"/a{SEP}/b",
        "NUMBER": "5",
        "GROUPED": "ws",
        "PLATFORM": "/lin",
        "GROUP_THEN_PLATFORM": f"/l1{SEP}/l2",
    }
    farm = parse_environment_values(data, "farm", "windows")
    assert farm["GROUPED"] == "farm"
    assert farm["ONLY_FARM"] == "x"
    assert farm["PLATFORM"] == "C:/win"
    assert farm["GROUP_THEN_PLATFORM"] == "f"
    assert farm["OTHER_PLATFORM_ONLY"] == "w"


def test_references_across_layers_and_to_the_base():
    base = {"PATH": "/usr/bin", "MAYA_VERSION": "2025.1", "KEEP": "k"}
    group = {"PATH": ["/group/bin", "{PATH}"], "STUDIO": "/studio"}
    variant = {
        "PATH": ["/variant/bin", "{PATH}"],
        "PLUGINS": "{STUDIO}/maya/{MAYA_VERSION}",
        "LATER_REF": "{DEFINED_AFTER}/x",
        "DEFINED_AFTER": "/after",
        "UNKNOWN": "{NOT_SET}/y",
    }
    env = apply_json_environments(base, [group, variant], None, "linux")
    assert env["PATH"] == SEP.join(["/variant/bin", "/group/bin", "/usr/bin"])
    assert env["PLUGINS"] == "/studio/maya/2025.1"
    assert env["LATER_REF"] == "/after/x"
    assert env["UNKNOWN"] == "{NOT_SET}/y"
    assert env["KEEP"] == "k"
    assert base["PATH"] == "/usr/bin"  # input untouched


def test_layer_redefinition_refers_to_the_new_value_elsewhere():
    base = {"ROOT": "/old"}
    layer = {"ROOT": "/new", "SUB": "{ROOT}/sub"}
    env = apply_json_environments(base, [layer], None, "linux")
    assert env["SUB"] == "/new/sub"


def test_clean_parent_drops_launcher_variables_and_paths(tmp_path):
    launcher_dir = str(tmp_path / "ayon")
    env = {
        "QT_API": "pyside6",
        "PYTHONHOME": "/launcher/python",
        "AYON_WA_INTERNAL_EVENT_ID": "1",
        "PATH": SEP.join([launcher_dir, "/usr/bin", ""]),
        "PYTHONPATH": "/ayon/site",
        "HOME": "/home/artist",
    }
    cleaned = clean_parent_environment(env, launcher_dirs=[launcher_dir])
    assert cleaned == {
        "PATH": "/usr/bin",
        "PYTHONPATH": "/ayon/site",
        "HOME": "/home/artist",
    }
    strict = clean_parent_environment(
        env, launcher_dirs=[], keep_pythonpath=False
    )
    assert "PYTHONPATH" not in strict


def test_changed_variables():
    changed = changed_variables(
        {"A": "1", "B": "2", "C": "3"}, {"A": "1", "B": "20", "D": "4"}
    )
    assert sorted(changed) == ["B", "C", "D"]
