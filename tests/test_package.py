"""Tests of create_package.py, the builder of the addon's server zip.

Every build runs the script as a subprocess on a COPY of the repository
in a temporary folder, so the real checkout is never touched. The copy is
littered with ``__pycache__`` folders, ``*.pyc`` files, dot-files and
dot-folders to prove they stay out of the package, and given a few extra
legitimate files so the "everything is packaged" checks are never vacuous.
"""

import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from tests.fixtures.server import run_server_code

try:
    import tomllib
except ImportError:  # Python < 3.11: pip always vendors a TOML reader
    from pip._vendor import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
SCRIPT = "create_package.py"
TOP_LEVEL = {"package.py", "server", "public", "private"}
PRIVATE = {"private/client.zip", "private/pyproject.toml"}
SHARED_RULES = "rules"  # client/<client_dir>/rules -> server/rules
STALE_VERSION = "0.0.0-stale"


def _exec_file(path):
    namespace = {"__file__": str(path)}
    exec(compile(Path(path).read_text("utf-8"), str(path), "exec"), namespace)
    return namespace


PACKAGE = _exec_file(REPO / "package.py")
NAME = PACKAGE["name"]
VERSION = PACKAGE["version"]
CLIENT_DIR = PACKAGE["client_dir"]
ZIP_NAME = f"{NAME}-{VERSION}.zip"

# Files that must never reach the package (paths relative to the copy).
LITTER = [
    "server/__pycache__/__init__.cpython-311.pyc",
    "server/__pycache__/notes.txt",
    "server/settings/__pycache__/main.cpython-311.pyc",
    "server/stray.pyc",
    "server/.hidden",
    "server/.cache/data.txt",
    "public/.DS_Store",
    "public/icons/.hidden.svg",
    "public/.git/config",
    f"client/{CLIENT_DIR}/__pycache__/__init__.cpython-311.pyc",
    f"client/{CLIENT_DIR}/__pycache__/notes.txt",
    f"client/{CLIENT_DIR}/stray.pyc",
    f"client/{CLIENT_DIR}/.hidden",
    f"client/{CLIENT_DIR}/.idea/workspace.xml",
]
# Legitimate files added to the copy; they must reach the package.
EXTRA = [
    "server/packaging_probe.txt",
    "server/settings/nested/probe.json",
    "public/icons/packaging-probe.svg",
    f"client/{CLIENT_DIR}/packaging_probe.py",
]


def _is_excluded(rel_path):
    parts = PurePosixPath(rel_path).parts
    return any(
        p.startswith(".") or p == "__pycache__" for p in parts
    ) or parts[-1].endswith((".pyc", ".pyo"))


def _source_files(root, dirname):
    """Files under ``root/dirname`` that belong in the package, as posix
    paths relative to ``root`` (an independent re-implementation of the
    exclusion rule, not the script's)."""
    found = set()
    base = root / dirname
    if not base.is_dir():
        return found
    for path in base.rglob("*"):
        if path.is_file():
            rel = path.relative_to(root).as_posix()
            if not _is_excluded(rel):
                found.add(rel)
    return found


def _shared_rules_members(root):
    """``server/rules/...`` member -> its source in the client package."""
    client = f"client/{CLIENT_DIR}/{SHARED_RULES}/"
    return {
        "server/" + SHARED_RULES + "/" + rel[len(client):]: root / rel
        for rel in _source_files(root, client.rstrip("/"))
    }


def _copy_repo(dst):
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo")
    dst.mkdir(parents=True)
    for name in ("package.py", SCRIPT):
        shutil.copy2(REPO / name, dst / name)
    for dirname in ("server", "public"):
        if (REPO / dirname).is_dir():
            shutil.copytree(REPO / dirname, dst / dirname, ignore=ignore)
        else:
            (dst / dirname).mkdir()
    (dst / "client").mkdir()
    shutil.copy2(REPO / "client" / "pyproject.toml", dst / "client")
    shutil.copytree(
        REPO / "client" / CLIENT_DIR,
        dst / "client" / CLIENT_DIR,
        ignore=ignore,
    )
    return dst


def _write(root, rel, text="x\n"):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def _run(repo_copy, *args, cwd):
    """Run the copy's create_package.py from an unrelated folder."""
    return subprocess.run(
        [sys.executable, str(repo_copy / SCRIPT), *args],
        cwd=str(cwd),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _ok(result):
    assert result.returncode == 0, (
        f"create_package.py failed ({result.returncode}):\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result


def _warnings(result):
    return [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if "WARNING" in line
    ]


@pytest.fixture(scope="module")
def littered(tmp_path_factory):
    """Copy of the repo with litter, extras and a stale version.py."""
    root = _copy_repo(tmp_path_factory.mktemp("littered") / "repo")
    for rel in LITTER:
        _write(root, rel)
    for rel in EXTRA:
        _write(root, rel, f"probe {rel}\n")
    _write(
        root,
        f"client/{CLIENT_DIR}/version.py",
        f'__version__ = "{STALE_VERSION}"\n',
    )
    return root


@pytest.fixture(scope="module")
def build(littered, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = _ok(_run(littered, "--output", str(out), cwd=out.parent))
    zip_path = out / ZIP_NAME
    with zipfile.ZipFile(zip_path) as zipf:
        names = zipf.namelist()
        contents = {name: zipf.read(name) for name in names}
    client = zipfile.ZipFile(io.BytesIO(contents["private/client.zip"]))
    return {
        "result": result,
        "out": out,
        "zip": zip_path,
        "names": names,
        "contents": contents,
        "client": client,
    }


@pytest.fixture
def clean_copy(tmp_path):
    return _copy_repo(tmp_path / "repo")


# --- identity ---------------------------------------------------------------


def test_version_ends_with_rez():
    assert VERSION.endswith("+rez"), VERSION


def test_repo_version_py_matches_package_py():
    version_py = REPO / "client" / CLIENT_DIR / "version.py"
    assert _exec_file(version_py)["__version__"] == VERSION


# The AYON server release that added each SDK name the server code uses
#   (from the history of ynput/ayon-backend): a server older than the
#   declared minimum must refuse the addon instead of failing to load it.
SERVER_SDK_SINCE = {
    "get_launcher_response": (1, 8, 3),
    "get_form_response": (1, 8, 3),
    "ayon_server.forms": (1, 8, 0),
    "ayon_server.actions.config": (1, 8, 0),
}


def test_declared_server_version_has_the_sdk_the_server_uses():
    declared = _exec_file(REPO / "package.py")["ayon_server_version"]
    assert declared.startswith(">="), declared
    minimum = tuple(int(part) for part in declared[2:].split("."))
    sources = "".join(
        path.read_text("utf-8") for path in (REPO / "server").rglob("*.py")
    )
    used = [name for name in SERVER_SDK_SINCE if name in sources]
    assert "get_launcher_response" in used  # the table is not vacuous
    for name in used:
        assert minimum >= SERVER_SDK_SINCE[name], (name, declared)


def test_help_describes_options(tmp_path):
    result = _ok(_run(REPO, "--help", cwd=tmp_path))
    assert "--output" in result.stdout
    assert "--skip-zip" in result.stdout


# --- the zip ----------------------------------------------------------------


def test_zip_is_the_only_file_written(build):
    assert build["zip"].is_file()
    assert sorted(os.listdir(build["out"])) == [ZIP_NAME]
    logged = build["result"].stdout + build["result"].stderr
    assert str(build["zip"]) in logged


def test_zip_top_level_entries(build):
    names = build["names"]
    assert {n.split("/")[0] for n in names} == TOP_LEVEL
    assert {n for n in names if n.startswith("private/")} == PRIVATE


def test_zip_members_are_exactly_the_sources(build, littered):
    names = build["names"]
    assert len(names) == len(set(names)), "duplicate members"
    expected = {"package.py"} | PRIVATE
    expected |= _source_files(littered, "server")
    expected |= _source_files(littered, "public")
    expected |= set(_shared_rules_members(littered))
    assert set(names) == expected
    for rel in EXTRA:
        if not rel.startswith("client/"):
            assert rel in names


def test_zip_has_no_caches_or_dot_entries(build):
    client_names = build["client"].namelist()
    for name in build["names"] + client_names:
        assert not _is_excluded(name), name
        assert not name.endswith("/"), f"directory entry {name}"
    for rel in LITTER:
        assert rel not in build["names"]
        assert rel[len("client/") :] not in client_names


def test_zip_files_are_copied_verbatim(build, littered):
    contents = build["contents"]
    assert contents["package.py"] == (littered / "package.py").read_bytes()
    pyproject = littered / "client" / "pyproject.toml"
    assert contents["private/pyproject.toml"] == pyproject.read_bytes()
    probe = "server/settings/nested/probe.json"
    assert contents[probe] == (littered / probe).read_bytes()


def test_server_rules_are_the_client_rules_byte_for_byte(build, littered):
    shared = _shared_rules_members(littered)
    assert "server/rules/__init__.py" in shared
    assert {n for n in build["names"] if n.startswith("server/rules/")} == (
        set(shared)
    )
    for member, source in shared.items():
        assert build["contents"][member] == source.read_bytes(), member
        # the very file the client ships too
        client_name = f"{CLIENT_DIR}/{SHARED_RULES}/" + member.split(
            "/", 2
        )[2]
        assert build["client"].read(client_name) == source.read_bytes()


def test_built_server_uses_its_copy_of_the_rules(littered, tmp_path):
    _ok(_run(littered, "--output", str(tmp_path), "--skip-zip",
             cwd=tmp_path))
    addon_dir = tmp_path / NAME / VERSION
    # neither rez nor the client package: the copy must stand alone
    output = run_server_code(
        "import sys, server\n"
        "from server.settings import ApplicationsAddonSettings as S\n"
        "from server.settings import get_default_values as d\n"
        "S(**d())\n"
        "print(server.shared_rules.rules.__file__)\n"
        "print(sys.modules['server.rules'] is server.shared_rules.rules)\n",
        str(addon_dir), blocked=("rez", CLIENT_DIR),
    )
    rules_file, same = output.split()
    assert rules_file == str(addon_dir / "server" / "rules" / "__init__.py")
    assert same == "True"


def test_a_rules_folder_in_the_server_sources_is_refused(
    clean_copy, tmp_path
):
    _write(clean_copy, "server/rules/__init__.py", "# stale\n")
    result = _run(clean_copy, "--output", str(tmp_path / "out"),
                  cwd=tmp_path)
    assert result.returncode == 1
    assert "server/rules" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / ZIP_NAME).exists()


def test_pyproject_declares_rez_runtime_dependency(build):
    text = build["contents"]["private/pyproject.toml"].decode("utf-8")
    data = tomllib.loads(text)
    assert "rez" in data["ayon"]["runtimeDependencies"]


def test_client_zip_holds_the_client_package(build, littered):
    names = build["client"].namelist()
    assert len(names) == len(set(names)), "duplicate members"
    assert all(n.startswith(f"{CLIENT_DIR}/") for n in names), names
    assert f"{CLIENT_DIR}/__init__.py" in names
    # Paths relative to client/, i.e. "<client_dir>/...".
    assert set(names) == _source_files(littered / "client", CLIENT_DIR)
    assert f"{CLIENT_DIR}/packaging_probe.py" in names


def test_client_version_py_is_generated_from_package_py(build):
    source = build["client"].read(f"{CLIENT_DIR}/version.py").decode()
    namespace = {}
    exec(source, namespace)
    assert namespace["__version__"] == VERSION
    assert STALE_VERSION not in source


def test_builds_are_byte_identical(build, littered, tmp_path):
    # Touch every source so only content, not timestamps, could matter.
    later = time.time() + 3600
    for path in littered.rglob("*"):
        os.utime(path, (later, later))
    _ok(_run(littered, "--output", str(tmp_path), cwd=tmp_path))
    again = (tmp_path / ZIP_NAME).read_bytes()
    assert again == build["zip"].read_bytes()


# --- version.py check -------------------------------------------------------


def test_stale_repo_version_warns_and_is_not_rewritten(build, littered):
    warnings = _warnings(build["result"])
    assert any(
        STALE_VERSION in w and VERSION in w and "version.py" in w
        for w in warnings
    ), warnings
    version_py = littered / "client" / CLIENT_DIR / "version.py"
    assert STALE_VERSION in version_py.read_text("utf-8")


def test_clean_copy_builds_to_default_output_without_version_warning(
    clean_copy, tmp_path
):
    result = _ok(_run(clean_copy, cwd=tmp_path))
    assert (clean_copy / "package" / ZIP_NAME).is_file()
    assert not [w for w in _warnings(result) if "version.py" in w]


# --- --skip-zip -------------------------------------------------------------


def test_skip_zip_lays_out_the_same_files_as_a_folder(
    build, littered, tmp_path
):
    folder = tmp_path / NAME / VERSION
    _write(folder, "stale-from-last-build.txt")
    _ok(_run(littered, "--output", str(tmp_path), "--skip-zip", cwd=tmp_path))
    assert not list(tmp_path.glob("*.zip"))
    assert sorted(os.listdir(tmp_path)) == [NAME]
    assert os.listdir(tmp_path / NAME) == [VERSION]
    files = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file()
    }
    assert files == set(build["names"])
    for name in files:
        assert (folder / name).read_bytes() == build["contents"][name], name


# --- failures ---------------------------------------------------------------


def test_failed_build_keeps_the_previous_zip(clean_copy, tmp_path):
    out = tmp_path / "out"
    _ok(_run(clean_copy, "--output", str(out), cwd=tmp_path))
    before = (out / ZIP_NAME).read_bytes()

    _write(clean_copy, "public/icons/zz-new.svg", "<svg/>\n")
    os.symlink(
        str(tmp_path / "does-not-exist"), str(clean_copy / "public" / "zz")
    )
    result = _run(clean_copy, "--output", str(out), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "zz" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(os.listdir(out)) == [ZIP_NAME], "leftover temp files"
    assert (out / ZIP_NAME).read_bytes() == before


def test_failed_skip_zip_build_leaves_no_folder(clean_copy, tmp_path):
    os.symlink(
        str(tmp_path / "does-not-exist"), str(clean_copy / "server" / "zz")
    )
    result = _run(
        clean_copy,
        "--output",
        str(tmp_path / "out"),
        "--skip-zip",
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    leftovers = (
        [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
        if (tmp_path / "out").exists()
        else []
    )
    assert leftovers == []
    assert not (tmp_path / "out" / NAME / VERSION).exists()


def test_output_inside_packaged_sources_is_refused(clean_copy, tmp_path):
    target = clean_copy / "server" / "out"
    result = _run(clean_copy, "--output", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert not target.exists()


def test_unreplaceable_target_leaves_no_temp_file(clean_copy, tmp_path):
    out = tmp_path / "out"
    # A non-empty folder where the zip should go: os.replace must fail
    # after the zip has been written to its temporary file.
    _write(out / ZIP_NAME, "keep.txt")
    result = _run(clean_copy, "--output", str(out), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(os.listdir(out)) == [ZIP_NAME]
    assert (out / ZIP_NAME / "keep.txt").is_file()
