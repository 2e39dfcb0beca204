"""Package files of ``rezify-bundle``: variants added whole or not at all,
and host environments captured as rex code that real rez runs."""
import os
import sys

import pytest

from ayon_applications.implementation_envs import capture_implementation_envs
from ayon_applications.rez_package_files import (
    ALREADY_THERE,
    CREATED,
    REBUILT,
    VARIANT_ADDED,
    PackageSpec,
    read_package_literals,
    write_package,
)
from tests.conftest import CORE_STANDINS

OTHER = "windows" if sys.platform != "win32" else "linux"
HERE = sys.platform.replace("win32", "windows")


def spec(platform_name, fail=False, marker="x"):
    def payload(folder, target):
        with open(os.path.join(folder, "payload.txt"), "w") as stream:
            stream.write(marker)
        if fail:
            raise RuntimeError("download broke")

    return PackageSpec(
        name="deps", version="Prod", description="d", timestamp=1,
        attributes={"files": {platform_name: f"{platform_name}.zip"}},
        platform=platform_name, payload=payload,
    )


def hidden(folder):
    return [
        os.path.join(root, name)
        for root, dirs, files in os.walk(folder)
        for name in dirs + files if name.startswith(".")
    ]


def test_variants_are_added_whole_or_not_at_all(tmp_path):
    from rez.packages import get_package

    repo = str(tmp_path)
    assert write_package(repo, spec(HERE), False)[0] == CREATED
    package_py = os.path.join(repo, "deps", "Prod", "package.py")
    before = open(package_py).read()

    with pytest.raises(RuntimeError):
        write_package(repo, spec(OTHER, fail=True), False)

    assert open(package_py).read() == before
    assert sorted(os.listdir(os.path.join(repo, "deps", "Prod"))) == [
        "package.py", spec(HERE).variant,
    ]
    assert hidden(repo) == []

    assert write_package(repo, spec(OTHER), False)[0] == VARIANT_ADDED
    assert write_package(repo, spec(OTHER), False)[0] == ALREADY_THERE
    package = get_package("deps", "Prod", paths=[repo])
    assert sorted(str(v[0]) for v in package.variants) == sorted(
        [spec(HERE).variant, spec(OTHER).variant]
    )
    assert read_package_literals(package_py)["files"] == {
        HERE: f"{HERE}.zip", OTHER: f"{OTHER}.zip",
    }
    # --force rebuilds only this run's variant
    assert write_package(repo, spec(OTHER, marker="y"), True)[0] == REBUILT
    variant_dir = os.path.join(repo, "deps", "Prod", spec(OTHER).variant)
    assert open(os.path.join(variant_dir, "payload.txt")).read() == "y"
    assert hidden(repo) == []


def test_an_unlisted_variant_folder_is_replaced(tmp_path):
    repo = str(tmp_path)
    write_package(repo, spec(HERE), False)
    leftover = os.path.join(repo, "deps", "Prod", spec(OTHER).variant)
    os.makedirs(leftover)
    with open(os.path.join(leftover, "half"), "w"):
        pass

    assert write_package(repo, spec(OTHER), False)[0] == VARIANT_ADDED
    assert os.listdir(leftover) == ["payload.txt"]


HOST = '''
import os
from ayon_core.addon import AYONAddon, IHostAddon


class {name}Addon(AYONAddon, IHostAddon):
    name = "{host}"
    host_name = "{host}"

    def add_implementation_envs(self, env, app):
{body}
'''


def host_package(tmp_path, host, body):
    root = tmp_path / host
    module = root / "python" / f"ayon_{host}"
    module.mkdir(parents=True)
    (module / "__init__.py").write_text(
        HOST.format(name=host.title(), host=host, body=body)
    )
    return str(root)


def test_capture_unsets_skips_secrets_and_reports_failures(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("AYON_API_KEY", "s3cret")
    root = host_package(tmp_path, "nukex", (
        "        env.pop('PATH')\n"
        "        env['AYON_SERVER_URL'] = 'http://server'\n"
        "        env['TOKEN_COPY'] = 'key=s3cret'\n"
        "        env['NUKE_PATH'] = os.path.join(os.path.dirname(__file__),"
        " 'startup')\n"
    ))

    # without ayon_core in the process: the bundle's own (the stand-in)
    capture = capture_implementation_envs(root, [CORE_STANDINS])

    assert capture.host_names == ["nukex"]
    text = "\n".join(capture.commands)
    assert capture.commands[0] == "if 'nukex' in resolve:"
    assert "unsetenv('PATH')" in text
    assert "s3cret" not in text and "http://server" not in text
    assert "env['NUKE_PATH'] = expandable('{root}') + literal(" in text
    assert any("AYON_SERVER_URL" in note for note in capture.notes)

    broken = host_package(tmp_path, "hiero", "        raise OSError('no')")
    capture = capture_implementation_envs(broken, [CORE_STANDINS])
    assert capture.commands == []
    assert "add_implementation_envs failed here (OSError: no)" in (
        capture.notes[0]
    )


def test_addons_without_the_hook_are_not_imported(tmp_path):
    root = tmp_path / "pkg"
    module = root / "python" / "ayon_tool"
    module.mkdir(parents=True)
    (module / "__init__.py").write_text("raise SystemExit('imported')\n")

    capture = capture_implementation_envs(str(root))

    assert capture.commands == [] and capture.notes == []
    assert "ayon_tool" not in sys.modules
