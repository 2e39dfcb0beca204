"""The client and the server read settings with one copy of each rule.

``client/ayon_applications/rules`` holds the profile rule, the timestamp
reader and the rez request grammar; the server imports that very folder
(the built package gets a byte-identical copy: tests/test_package.py).
The values that used to drift between the two copies now get one answer,
and the grammar's answers are rez's own (rez is called here).
"""
import ast
import calendar
import os

import pytest
from rez.config import expand_system_vars
from rez.utils.formatting import PackageRequest

import ayon_applications.rules as client_rules
from ayon_applications import ApplicationManager
from ayon_applications.exceptions import ApplicationLaunchFailed
from ayon_applications.requests import request_package_name
from server.settings import ApplicationsAddonSettings, get_default_values
from server.shared_rules import rules as server_rules
from tests.fixtures.server import set_at


def _rez_name(request):
    """The package name rez reads from ``request``, None if it refuses."""
    try:
        return PackageRequest(request).name
    except Exception:  # rez raises several error types for bad requests
        return None


def test_the_server_imports_the_clients_file():
    assert os.path.samefile(server_rules.__file__, client_rules.__file__)
    for name in ("profiles", "timestamps", "request_grammar"):
        assert os.path.samefile(
            getattr(server_rules, name).__file__,
            getattr(client_rules, name).__file__,
        )


# --- the project timestamp --------------------------------------------------

def _utc(*fields):
    return calendar.timegm(fields + (0,) * (6 - len(fields)))


TIMESTAMPS = {
    "": None,
    "   ": None,
    "1718000000": 1718000000,
    "1718000000.5": 1718000000,  # was refused by the server
    "20240610": 20240610,  # digits only: epoch seconds, not a date
    " 1718000000 ": 1718000000,
    "2024-06-10": _utc(2024, 6, 10),
    "2024-06-10T12:00": _utc(2024, 6, 10, 12),
    "2024-06-10T12:00:00": _utc(2024, 6, 10, 12),
    "2024-06-10T12:00:00Z": _utc(2024, 6, 10, 12),
    "2024-06-10T12:00:00z": _utc(2024, 6, 10, 12),  # raised on the client
    "2024-06-10t12:00:00Z": _utc(2024, 6, 10, 12),
    "2024-06-10 12:00:00": _utc(2024, 6, 10, 12),
    "2024-06-10T12:00:00.75Z": _utc(2024, 6, 10, 12),
    "2024-06-10T14:00:00+02:00": _utc(2024, 6, 10, 12),
    "2024-06-10T14:00:00+0200": _utc(2024, 6, 10, 12),
    "2024-06-10T14:00:00+02": _utc(2024, 6, 10, 12),
    "2024-06-10T07:30:00-04:30": _utc(2024, 6, 10, 12),
}
BAD_TIMESTAMPS = [
    "last tuesday", "2024-06-10T12", "2024-13-01",
    "2024-02-30", "2024-06-10T25:00", "2024-06-10T12:00:00+24:00",
    "2024-06-10T12:00:00+02:75", "-1718000000", "1718000000.",
    "2024-06-10Z", "2024-W24-1",
]


@pytest.mark.parametrize("text", list(TIMESTAMPS))
def test_server_accepts_what_the_client_resolves_with(text):
    values = get_default_values()
    values["project_overrides"]["timestamp"] = text
    ApplicationsAddonSettings(**values)  # raises when refused
    manager = ApplicationManager({"applications": values})
    assert manager.project_timestamp() == TIMESTAMPS[text]


@pytest.mark.parametrize("text", BAD_TIMESTAMPS)
def test_server_refuses_what_the_client_cannot_read(text):
    values = get_default_values()
    values["project_overrides"]["timestamp"] = text
    with pytest.raises(Exception) as refused:
        ApplicationsAddonSettings(**values)
    assert "project_overrides.timestamp" in str(refused.value)
    # the client's settings check refuses it before any launch
    with pytest.raises(ApplicationLaunchFailed) as refused_here:
        ApplicationManager({"applications": values}).project_timestamp()
    assert "project_overrides.timestamp" in str(refused_here.value)


def test_timestamp_numbers_and_other_types():
    assert client_rules.parse_timestamp(None) is None
    assert client_rules.parse_timestamp(1718000000) == 1718000000
    assert client_rules.parse_timestamp(1718000000.9) == 1718000000
    for value in (True, -5, float("nan"), ["2024-06-10"]):
        with pytest.raises(ValueError):
            client_rules.parse_timestamp(value)


# --- package names, as rez reads them ---------------------------------------

REQUESTS = [
    "maya", "maya-2025", "~maya-2025", "!foo", "~foo", "foo==1.0",
    "foo>=1,<2", "foo<3", "foo@1", "foo#1", "python-3.10+<3.12",
    "3delight-2", "3delight", "foo.bar-1", "foo.bar", "a.b.c-1|2",
    "_foo", "9", ".ephemeral-1", ".foo", "~.foo", "redshift_maya-3.6",
    "-bad", "", "maya 2025", "a..b-1", "foo.-1", "foo-=1", "__pycache__",
    "foo-3+<2", "foo-1..2..3",
]


@pytest.mark.parametrize("request_text", REQUESTS)
def test_package_name_is_rezs(request_text):
    assert request_package_name(request_text) == _rez_name(request_text)


def test_drifted_names_are_found():
    # the old client pattern gave None and "foo"
    assert request_package_name("3delight-2") == "3delight"
    assert request_package_name("foo.bar-1") == "foo.bar"


# --- rez's {system.*} placeholders, in implicit packages only -------------

def _rez_default_implicit_packages():
    """``implicit_packages`` as written in rez's own rezconfig.py."""
    import rez

    path = os.path.join(os.path.dirname(rez.__file__), "rezconfig.py")
    with open(path, encoding="utf-8") as stream:
        tree = ast.parse(stream.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(target, "id", None) == "implicit_packages"
            for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("rezconfig.py has no implicit_packages")


def test_default_implicit_packages_are_rezs_own():
    rez_default = _rez_default_implicit_packages()
    assert rez_default == [
        "~platform=={system.platform}", "~arch=={system.arch}",
        "~os=={system.os}",
    ]
    values = get_default_values()
    assert values["rez"]["implicit_packages"] == rez_default
    model = ApplicationsAddonSettings(**values)
    assert model.rez.implicit_packages == rez_default
    # the model's own default, without the defaults file
    assert ApplicationsAddonSettings().rez.implicit_packages == rez_default


@pytest.mark.parametrize("request_text", _rez_default_implicit_packages())
def test_placeholders_pass_where_asked_and_as_rez_expands_them(
    request_text,
):
    assert client_rules.is_valid_request(request_text, placeholders=True)
    assert not client_rules.is_valid_request(request_text)
    expanded = expand_system_vars(request_text)  # rez's own expansion
    assert "{" not in expanded
    assert client_rules.is_valid_request(expanded)
    assert request_package_name(expanded) == _rez_name(expanded)
    assert client_rules.request_package_name(
        request_text, placeholders=True
    ) == _rez_name(expanded)


# Values rez's ``system`` gives on other machines (``platform_.os`` is
# "<distro>-<version>", "windows-<version>", "osx-<version>").
OTHER_SYSTEMS = [
    {"platform": "windows", "arch": "AMD64", "os": "windows-10.0.19045"},
    {"platform": "osx", "arch": "arm64", "os": "osx-14.5"},
    {"platform": "linux", "arch": "aarch64", "os": "Rocky-9.3"},
]


@pytest.mark.parametrize("system", OTHER_SYSTEMS)
def test_placeholder_requests_stay_valid_on_other_systems(system):
    for request_text in _rez_default_implicit_packages():
        for key, value in system.items():
            request_text = request_text.replace(f"{{system.{key}}}", value)
        assert _rez_name(request_text) is not None, request_text
        assert client_rules.is_valid_request(request_text)


@pytest.mark.parametrize("request_text, message", [
    ("~user=={system.user}", "unknown placeholder '{system.user}'"),
    ("foo-{version}", "unknown placeholder '{version}'"),
    ("~platform=={system.platform", "bad exact version"),
])
def test_other_placeholders_are_refused(request_text, message):
    with pytest.raises(client_rules.RequestSyntaxError, match=message):
        client_rules.check_request(request_text, placeholders=True)


def _refusal(path, value):
    values = get_default_values()
    set_at(path, value)(values)
    try:
        ApplicationsAddonSettings(**values)
    except Exception as exc:  # the server's BadRequestException
        return str(exc)
    return None


def test_server_takes_placeholders_in_implicit_packages_only():
    implicit = ["~platform=={system.platform}", "~os=={system.os}"]
    assert _refusal("rez.implicit_packages", implicit) is None
    assert _refusal("rez.implicit_packages", []) is None
    refused = _refusal("rez.implicit_packages", ["~u=={system.user}"])
    assert "rez.implicit_packages" in refused
    assert "{system.user}" in refused
    refused = _refusal(
        "project_overrides.extra_requests", ["~platform=={system.platform}"]
    )
    assert "project_overrides.extra_requests" in refused
    assert "only the studio's rez/implicit_packages" in refused


@pytest.mark.parametrize("key", ["task_types", "task_names", "folder_paths"])
@pytest.mark.parametrize("setting", ["project_applications", "project_tools"])
def test_server_refuses_profile_filters_that_are_not_regexes(setting, key):
    profile = {"task_types": [], "folder_paths": [], "task_names": []}
    if setting == "project_tools":
        profile["tools"] = []
    else:
        profile.update(allow_type="all_applications", applications=[])
    assert _refusal(f"{setting}.profiles", [
        dict(profile, **{key: ["anim.*"]})
    ]) is None
    refused = _refusal(f"{setting}.profiles", [dict(profile, **{key: ["(x"]})])
    assert f"{setting}.profiles.{key}" in refused
    assert "'(x' is not a valid regex" in refused
