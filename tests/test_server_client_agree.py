"""Rules the server and the client each implement (the server ships no
client code and the client no server code) agree: profiles (web actions
vs tools and applications of a context) and the project timestamp
(validated on the server, used by the client's resolve)."""
import pytest

from ayon_applications import profiles as client_profiles
from ayon_applications.rez_settings import parse_timestamp
from server import profiles as server_profiles
from server.settings.profiles import parse_timestamp as server_timestamp

CASES = [
    (["*"], "/anything/at/all", True),
    (["/shots/sq010"], "/shots/sq010", True),
    (["/shots/sq010"], "/shots/sq010/sh0010", True),
    (["/shots/sq010/"], "/shots/sq010/sh0010", True),
    (["shots/sq010"], "/shots/sq010/sh0010", True),
    (["/shots/sq01"], "/shots/sq010/sh0010", False),
    (["/shots/sq0.*"], "/shots/sq010/sh0010", True),
    (["/shots/sh.*"], "/shots/sq010/sh0010", False),
    ([".*/sh00[0-9]0"], "/shots/sq010/sh0010", True),
    (["/assets", "/shots"], "/shots/sq010", True),
    (["/assets"], "/shots/sq010", False),
    (["/shots/(unclosed"], "/shots/(unclosed/x", True),
]


@pytest.mark.parametrize("patterns, path, expected", CASES)
def test_folder_path_rule_is_the_same(patterns, path, expected):
    assert client_profiles.folder_path_matches(patterns, path) is expected
    assert server_profiles.folder_path_matches(patterns, path) is expected


PROFILE = {"task_types": ["Animation"], "task_names": ["anim"],
           "folder_paths": ["/shots"]}


@pytest.mark.parametrize("task_type, task_name, folder_path, expected", [
    ("Animation", "anim", "/shots/sh010", True),
    ("Layout", "anim", "/shots/sh010", False),
    ("Animation", "blocking", "/shots/sh010", False),
    ("Animation", "anim", "/assets/hero", False),
    ("Animation", "anim", None, False),
])
def test_profile_rule_is_the_same(task_type, task_name, folder_path,
                                  expected):
    assert client_profiles.profile_matches(
        PROFILE, task_type, task_name, folder_path
    ) is expected
    assert server_profiles.profile_matches(
        PROFILE, task_type, task_name, folder_path
    ) is expected


@pytest.mark.parametrize("value", [
    "", "1718000000", "2024-06-10", "2024-06-10T12:00:00",
    "2024-06-10T12:00:00Z", "2024-06-10T14:00:00+02:00",
])
def test_timestamp_rule_is_the_same(value):
    assert parse_timestamp(value) == server_timestamp(value)
