"""Request composition with origins, profiles, overrides, timestamps."""
import pytest

from ayon_applications.profiles import find_profile
from ayon_applications.requests import compose_request, request_package_name
from ayon_applications.rez_settings import parse_timestamp
from ayon_applications.settings import apply_overrides


def test_compose_keeps_order_dedupes_and_traces_origins():
    composed = compose_request(
        group_request=["maya"],
        group_name="maya",
        app_request=["maya-2025", "python-3.11"],
        app_full_name="maya/2025",
        tool_requests=[("mtoa/5.4", ["mtoa-5.4", "python-3.11"]),
                       ("empty/1", [])],
        project_requests=["ocio-2", " "],
        project_name="show",
        ayon_requests=["~ayon_core==1.4.0"],
        ayon_origin='AYON bundle "Prod" (weak)',
        implicit_requests=["platform-linux"],
    )
    assert composed.requests == [
        "maya", "maya-2025", "python-3.11", "mtoa-5.4", "ocio-2",
        "~ayon_core==1.4.0", "platform-linux",
    ]
    (python,) = composed.origins_of_package("python")
    assert python.origins == ['application "maya/2025"', 'tool "mtoa/5.4"']
    assert [p.request for p in composed.origins_of_package("maya")] == [
        "maya", "maya-2025"
    ]
    described = composed.describe()
    assert 'ocio-2             from extra requests of project "show"' in (
        described
    )


@pytest.mark.parametrize("request_string, name", [
    ("maya-2025", "maya"), ("~ayon_core==1.4.0", "ayon_core"),
    ("!foo", "foo"), ("python-3.10+<3.12", "python"), ("-bad", None),
    ("3delight-2", "3delight"), ("foo.bar-1", "foo.bar"),
])
def test_request_package_name(request_string, name):
    assert request_package_name(request_string) == name


def test_most_specific_profile_wins():
    profiles = [
        {"task_types": [], "folder_paths": [], "task_names": [],
         "id": "generic"},
        {"task_types": ["Animation"], "folder_paths": ["/shots/sq01/.*"],
         "task_names": [], "id": "anim sq01"},
        {"task_types": ["Animation"], "folder_paths": [], "task_names": [],
         "id": "anim"},
        {"task_types": [], "folder_paths": [], "task_names": ["comp"],
         "id": "comp by name"},
    ]

    def match(**kwargs):
        profile = find_profile(profiles, **kwargs)
        return profile and profile["id"]

    assert match(task_type="Animation",
                 folder_path="/shots/sq01/sh010") == "anim sq01"
    assert match(task_type="Animation",
                 folder_path="/assets/hero") == "anim"
    assert match(task_type="Compositing", task_name="comp") == "comp by name"
    assert match(task_type="Compositing", task_name="paint") == "generic"


def test_overrides_merge_models_and_replace_lists():
    studio = {"rez": {"memcached_uri": ["a"], "resolve_time_limit_s": 60},
              "applications": [{"name": "maya"}, {"name": "nuke"}]}
    project = {"rez": {"resolve_time_limit_s": 10},
               "applications": [{"name": "maya"}]}
    merged = apply_overrides(studio, project)
    assert merged == {
        "rez": {"memcached_uri": ["a"], "resolve_time_limit_s": 10},
        "applications": [{"name": "maya"}],
    }
    assert studio["rez"]["resolve_time_limit_s"] == 60


@pytest.mark.parametrize("value, expected", [
    ("", None), (None, None), (1767225600, 1767225600),
    ("1767225600", 1767225600), ("2026-01-01T00:00:00", 1767225600),
    ("2026-01-01T00:00:00Z", 1767225600),
    ("2026-01-01T01:00:00+01:00", 1767225600),
])
def test_parse_timestamp(value, expected):
    assert parse_timestamp(value) == expected


def test_parse_timestamp_rejects_other_text():
    with pytest.raises(ValueError):
        parse_timestamp("last tuesday")
