"""``resolve --graph FILE``: rez's resolve graph, of a good resolve and of
a conflict, as .dot, or drawn by Graphviz (``dot``, installed by
scripts/test.sh)."""
import os

import pytest

from ayon_applications.__main__ import main as standalone_main
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    variant,
    write_settings_file,
)


@pytest.fixture
def settings_path(tmp_path, probe_repo):
    probe_repo.add("oldplugin", "1.0.0", requires=["python-3.10"])
    settings = addon_settings([probe_repo.root], [app_group("maya", [
        variant("2025", ["maya-2025"]),
        variant("clash", ["maya-2025", "oldplugin"]),
        variant("missing", ["maya-2025", "nosuch"]),
    ])])
    return write_settings_file(str(tmp_path / "s.json"), settings)


def resolve(settings_path, app, graph):
    return standalone_main(["--settings", settings_path, "resolve",
                            "--app", app, "--json", "--graph", graph])


def read(path):
    with open(path, encoding="utf-8") as stream:
        return stream.read()


def test_dot_of_a_successful_resolve(tmp_path, settings_path, capsys):
    graph = str(tmp_path / "maya.dot")
    assert resolve(settings_path, "maya/2025", graph) == 0
    dot = read(graph)
    assert dot.startswith("digraph g {")
    assert 'label="maya-2025.1[]"' in dot
    assert 'label="python-3.11.0[]"' in dot
    assert f"Resolve graph written to {graph}" in capsys.readouterr().err


def test_dot_of_a_failed_resolve_shows_the_conflict(
    tmp_path, settings_path, capsys
):
    graph = str(tmp_path / "clash.dot")
    assert resolve(settings_path, "maya/clash", graph) == 1
    dot = read(graph)
    assert 'label="python-3.11"' in dot and 'label="python-3.10"' in dot
    assert 'label="CONFLICT"' in dot  # rez's conflict edge
    assert "error" in capsys.readouterr().out


def test_no_graph_when_rez_stops_before_solving(
    tmp_path, settings_path, capsys
):
    graph = str(tmp_path / "missing.dot")
    assert resolve(settings_path, "maya/missing", graph) == 1
    assert not os.path.exists(graph)
    assert "No resolve graph: rez stopped before solving" in (
        capsys.readouterr().err
    )


def test_svg_drawn_by_graphviz(tmp_path, settings_path):
    graph = str(tmp_path / "maya.svg")
    assert resolve(settings_path, "maya/2025", graph) == 0
    assert "<svg" in read(graph)
    assert os.listdir(tmp_path).count("maya.svg") == 1  # no temp file left


def test_without_graphviz_a_clear_message(
    tmp_path, settings_path, capsys, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot there
    graph = str(tmp_path / "maya.png")
    assert resolve(settings_path, "maya/2025", graph) == 2
    err = capsys.readouterr().err
    assert "Graphviz's \"dot\" program is not on PATH" in err
    assert "apt-get install graphviz" in err
    assert not os.path.exists(graph)
