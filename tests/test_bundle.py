"""The running bundle, its rez-safe versions and its AYON request.

Versions and requests are checked with real rez; bundles are read by the
real ayon-python-api from the local test server (``ayon_server``).
"""
import os
from typing import Dict, List

import ayon_api
import pytest
import semver
from rez.exceptions import PackageFamilyNotFoundError
from rez.package_maker import make_package
from rez.resolved_context import ResolvedContext
from rez.resolver import ResolverStatus
from rez.version import Requirement, Version

from ayon_applications.bundle import (
    BundleInfo,
    ayon_request_origin,
    bundle_requests,
    get_running_bundle,
    rez_bundle_version,
    rez_safe_name,
    rez_safe_version,
    rez_version_range,
)
from ayon_applications.exceptions import ApplicationLaunchFailed

# --- rez_safe_version -------------------------------------------------------

MAPPED = [
    ("1.4.0", "1.4.0"),
    ("1.4.4+dev", "1.4.4._dev"),
    ("1.0.0-beta.2", "1.0.0-beta.2"),
    ("2.0.0+rez", "2.0.0._rez"),
    ("0.3.1-dev.1+abc", "0.3.1-dev.1._abc"),
    ("1.0.0-rc-1", "1.0.0-rc_1"),
    ("1.0.0+build-7.x", "1.0.0._build_7.x"),
    ("0.2.0-alpha+20240101.sha-5114f85", "0.2.0-alpha._20240101.sha_5114f85"),
]


@pytest.mark.parametrize(("ayon_version", "expected"), MAPPED)
def test_rez_safe_version_mapping(ayon_version: str, expected: str) -> None:
    mapped = rez_safe_version(ayon_version)
    assert mapped == expected
    # rez takes it as is and keeps the string.
    assert str(Version(mapped)) == mapped


def _assert_rez_order(versions: List[str]) -> None:
    mapped = [Version(rez_safe_version(v)) for v in versions]
    for lower, higher, low_v, high_v in zip(
        mapped, mapped[1:], versions, versions[1:]
    ):
        assert lower < higher, f"{low_v} should sort before {high_v}"


def test_order_is_kept_across_cores_and_builds() -> None:
    _assert_rez_order([
        "0.3.0",
        "0.3.1-dev.1+abc",
        "1.0.0-alpha",  # a prerelease stays above the older cores

        "1.0.1",
        "1.4.0",
        "1.4.4",
        "1.4.4+dev",  # build right after its core
        "1.4.5",
        "1.10.0",
        "2.0.0",
        "2.0.0+rez",
        "2.0.1+rez",
        "10.0.0-beta.1",
    ])


def test_order_is_kept_among_prereleases_of_one_core() -> None:
    _assert_rez_order([
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",  # numeric identifiers compare as numbers
        "1.0.0-rc.1",
    ])


def test_what_rez_cannot_keep_is_as_documented() -> None:
    release = Version(rez_safe_version("1.0.0"))
    build = Version(rez_safe_version("1.0.0+rez"))
    pre = Version(rez_safe_version("1.0.0-beta.2"))
    next_patch = Version(rez_safe_version("1.0.1"))
    # semver: pre < release == build; rez: an extension sorts after.
    assert release < build < pre < next_patch
    # semver: numeric identifiers first; rez: words first.
    assert Version(rez_safe_version("1.0.0-alpha.beta")) < Version(
        rez_safe_version("1.0.0-alpha.1")
    )


def test_distinct_ayon_versions_stay_distinct_in_rez() -> None:
    versions = [
        "1.4.4", "1.4.4+dev", "1.4.4-dev", "1.4.4-dev+dev",
        "1.0.0-a.b", "1.0.0-a-b", "1.0.0+a.b", "1.0.0+a-b",
    ]
    mapped = [Version(rez_safe_version(v)) for v in versions]
    # rez compares tokens, not separators: check equality the rez way.
    for index, version in enumerate(mapped):
        others = mapped[:index] + mapped[index + 1:]
        assert version not in others, versions[index]


def test_rez_range_of_a_core_contains_its_builds() -> None:
    # A studio package requiring "ayon_core-1.4" takes 1.4.4+dev.
    requirement = Requirement("ayon_core-1.4")
    assert requirement.range.contains_version(
        Version(rez_safe_version("1.4.4+dev"))
    )
    assert not requirement.range.contains_version(
        Version(rez_safe_version("1.5.0+dev"))
    )


@pytest.mark.parametrize("bad", ["", "   ", "1..0", "+dev"])
def test_rez_safe_version_rejects_what_rez_cannot_take(bad: str) -> None:
    with pytest.raises(ValueError, match="rez version"):
        rez_safe_version(bad)


# --- rez_version_range: what addons declare, as rez ranges ----------------

# Requirements as addons' package.py write them, and versions to try; the
#   AYON server's verdict is semver.match per comma separated condition.
REQUIREMENTS = [">=1.4.0", ">0.4.4", "<2.0.0", "<=1.4.4", "==1.4.4",
                "1.4.4", "!=1.4.4", ">=1.8.4,<2.0.0", ">0.3.0,<=1.4.4",
                ">= 1.2.0"]
TRIED = ["0.3.0", "0.4.4", "0.4.5", "1.2.0", "1.4.0", "1.4.4", "1.4.5",
         "1.8.4", "1.9.0", "2.0.0", "3.1.0"]


def _server_says(version: str, requirement: str) -> bool:
    parsed = semver.Version.parse(version)
    return all(
        parsed.match(condition.strip().replace(" ", ""))
        if condition.strip()[0] in "<>=!"
        else parsed.match("==" + condition.strip())
        for condition in requirement.split(",")
    )


@pytest.mark.parametrize("requirement", REQUIREMENTS)
def test_rez_range_agrees_with_the_server(requirement: str) -> None:
    from rez.version import VersionRange

    rez_range = VersionRange(rez_version_range(requirement))
    for version in TRIED:
        in_rez = Version(rez_safe_version(version)) in rez_range
        assert in_rez == _server_says(version, requirement), (
            requirement, version, str(rez_range)
        )


def test_rez_range_keeps_builds_and_any_version() -> None:
    from rez.version import VersionRange

    assert rez_version_range("") == ""
    assert rez_version_range(">=1.4.4+dev") == "1.4.4._dev+"
    assert Version("1.4.4._dev") in VersionRange(rez_version_range(">=1.4.4"))


@pytest.mark.parametrize("unusable", [">=1.0,>=2.0", "<2,<3", "==1,!=2",
                                      "latest", "~1.0", ">=1.0,"])
def test_rez_range_unusable_is_none(unusable: str) -> None:
    assert rez_version_range(unusable) is None


# --- rez_bundle_version: bundle names as versions of ``ayon`` --------------

@pytest.mark.parametrize("name, expected", [
    ("Prod", "Prod"),
    ("Studio-Name-2024-05-23-01", "Studio-Name-2024-05-23-01"),
    ("v1.2_rc", "v1.2_rc"),
    ("a..b", "a._.b"),
    ("-edge-", "_-edge-_"),
    ("my bundle!", "my_bundle_"),
])
def test_rez_bundle_version(name: str, expected: str) -> None:
    mapped = rez_bundle_version(name)
    assert mapped == expected
    assert str(Version(mapped)) == mapped
    assert str(Requirement(f"ayon-{mapped}")) == f"ayon-{mapped}"


def test_server_default_bundle_names_sort_by_creation() -> None:
    names = ["Studio-2024-05-23-01", "Studio-2024-05-23-02",
             "Studio-2024-05-24-01", "Studio-2024-12-01-01",
             "Studio-2025-01-02-01"]
    assert sorted(names, key=lambda n: Version(rez_bundle_version(n))) == (
        names
    )


def test_rez_bundle_version_rejects_an_empty_name() -> None:
    with pytest.raises(ValueError):
        rez_bundle_version("  ")


def test_strict_origin_names_rezify_bundle() -> None:
    studio = BundleInfo(name="Prod")
    show = BundleInfo(name="Prod", project_bundle_name="ShowBundle")
    assert ayon_request_origin(studio, "weak") == 'AYON bundle "Prod" (weak)'
    assert "rezify-bundle --bundle Prod)" in ayon_request_origin(
        studio, "strict"
    )
    origin = ayon_request_origin(show, "strict")
    assert '"ShowBundle"' in origin
    assert "rezify-bundle --bundle Prod --project" in origin


def test_rez_safe_name() -> None:
    assert rez_safe_name("ayon_third-party") == "ayon_third_party"
    assert rez_safe_name("ayon.core") == "ayon_core"
    assert rez_safe_name("3dsmax") == "_3dsmax"
    with pytest.raises(ValueError):
        rez_safe_name(" ")


# --- bundle_requests ---------------------------------------------------------

def _bundle(**kwargs) -> BundleInfo:
    data = {
        "name": "studio-2024",
        "launcher_version": "1.3.0",
        "addons": {
            "core": "1.4.0",
            "third-party": "1.0.0-beta.2",
            "applications": "2.0.0+rez",
        },
    }
    data.update(kwargs)
    return BundleInfo.from_data(data)


def test_weak_requests() -> None:
    requests = bundle_requests(_bundle(), "weak")
    assert requests == [
        "~ayon_launcher==1.3.0",
        "~ayon_applications==2.0.0._rez",
        "~ayon_core==1.4.0",
        "~ayon_third_party==1.0.0-beta.2",
    ]
    for request in requests:
        requirement = Requirement(request)
        assert requirement.weak
        assert requirement.name.startswith("ayon_")


def test_strict_requests() -> None:
    requests = bundle_requests(_bundle(), "strict")
    assert requests == [
        "ayon_launcher==1.3.0",
        "ayon_applications==2.0.0._rez",
        "ayon_core==1.4.0",
        "ayon_third_party==1.0.0-beta.2",
    ]
    core = Requirement(requests[2])
    assert not core.weak
    assert core.range.contains_version(Version("1.4.0"))
    assert not core.range.contains_version(Version("1.4.1"))


def test_off_requests_nothing() -> None:
    assert bundle_requests(_bundle(), "off", extra=["studio_pipe"]) == []


def test_unknown_mode_is_an_error() -> None:
    with pytest.raises(ValueError, match="weak, strict, off"):
        bundle_requests(_bundle(), "loose")


def test_templates_launcher_and_extra() -> None:
    bundle = _bundle(project_bundle_name="proj_show")
    requests = bundle_requests(
        bundle,
        "weak",
        package_name_template="studio_ayon-{addon_name}",
        launcher_package_name="ayon-launcher",
        extra=[
            "studio_pipeline-{launcher_version}",
            "",
            "~show_{bundle_name}",
            "~studio_{studio_bundle_name}",
            "ayon_dependencies=={bundle_version}",
        ],
    )
    assert requests == [
        "~ayon_launcher==1.3.0",
        "~studio_ayon_applications==2.0.0._rez",
        "~studio_ayon_core==1.4.0",
        "~studio_ayon_third_party==1.0.0-beta.2",
        "studio_pipeline-1.3.0",
        "~show_proj_show",
        "~studio_studio-2024",
        "ayon_dependencies==proj_show",
    ]


def test_launcher_left_out() -> None:
    without = bundle_requests(_bundle(), "weak", include_launcher=False)
    assert "~ayon_launcher==1.3.0" not in without
    assert len(without) == 3
    unknown = bundle_requests(_bundle(launcher_version=""), "weak")
    assert [r for r in unknown if "launcher" in r] == []


def test_bad_extra_template_names_the_template() -> None:
    with pytest.raises(ValueError, match="pipe-{nope}"):
        bundle_requests(_bundle(), "weak", extra=["pipe-{nope}"])


def test_bundle_info_round_trip() -> None:
    bundle = _bundle(is_dev=True, dev_variant="dev_me", variant="dev_me")
    assert BundleInfo.from_data(bundle.to_data()) == bundle
    assert BundleInfo.from_data({}).addons == {}
    assert bundle_requests(BundleInfo.from_data({}), "weak") == []


# --- weak requests in a real rez resolve ---------------------------------

def _make_packages(repo: str) -> None:
    with make_package("studio_tool", repo) as pkg:
        pkg.version = "1.0.0"
        pkg.requires = ["ayon_core-1.3"]
    for version in ("1.3.2", "1.4.4._dev"):
        with make_package("ayon_core", repo) as pkg:
            pkg.version = version


def _resolve(repo: str, requests: List[str]) -> ResolvedContext:
    return ResolvedContext(
        requests, package_paths=[repo], add_implicit_packages=False
    )


def test_weak_request_holds_a_studio_package_to_the_bundle(tmp_path) -> None:
    repo = str(tmp_path / "packages")
    os.makedirs(repo)
    _make_packages(repo)
    bundle = BundleInfo.from_data(
        {"name": "b", "addons": {"core": "1.4.4+dev"}}
    )
    ayon = bundle_requests(bundle, "weak")
    assert ayon == ["~ayon_core==1.4.4._dev"]

    context = _resolve(repo, ["studio_tool"] + ayon)
    assert context.status == ResolverStatus.failed
    description = context.failure_description
    assert "ayon_core==1.4.4._dev" in description
    assert "ayon_core-1.3" in description

    # Without the bundle's weak request the same package resolves.
    assert _resolve(repo, ["studio_tool"]).status == ResolverStatus.solved


def test_weak_request_needs_no_ayon_packages(tmp_path) -> None:
    repo = str(tmp_path / "packages")
    os.makedirs(repo)
    with make_package("plain_tool", repo) as pkg:
        pkg.version = "2.0.0"
    ayon = bundle_requests(_bundle(), "weak")
    context = _resolve(repo, ["plain_tool"] + ayon)
    assert context.status == ResolverStatus.solved
    names = [variant.name for variant in context.resolved_packages]
    assert names == ["plain_tool"]

    # Strict mode needs the AYON packages in the repository.
    with pytest.raises(PackageFamilyNotFoundError, match="ayon_launcher"):
        _resolve(repo, ["plain_tool"] + bundle_requests(_bundle(), "strict"))


# --- get_running_bundle over the real ayon_api -----------------------------

STUDIO_ADDONS: Dict[str, str] = {
    "core": "1.4.4+dev",
    "applications": "2.0.0+rez",
    "maya": "0.4.0",
    "nuke": "0.3.0",
}


def _fill_bundles(server) -> None:
    server.add_bundle(
        "studio_prod", STUDIO_ADDONS, installer_version="1.3.0",
        is_production=True,
    )
    server.add_bundle(
        "studio_stage", dict(STUDIO_ADDONS, core="1.5.0-beta.1"),
        installer_version="1.4.0", is_staging=True,
    )
    server.add_bundle(
        "proj_show",
        {"maya": "0.5.0", "core": "__inherit__", "nuke": None},
        installer_version=None,
        is_project=True,
    )
    server.add_bundle(
        "dev_admin", dict(STUDIO_ADDONS, applications="2.1.0+rez"),
        installer_version="1.4.1", is_dev=True, active_user="admin",
    )
    server.add_project("show", bundle={"production": "proj_show"})
    server.add_project("plain")


def _settings_queries(server) -> List[str]:
    return [path for _method, path in server.requests
            if path.startswith("/api/settings")]


def test_studio_bundle_from_an_older_launcher(ayon_server, monkeypatch):
    _fill_bundles(ayon_server)
    monkeypatch.setenv("AYON_BUNDLE_NAME", "studio_prod")
    bundle = get_running_bundle()
    assert bundle.name == "studio_prod"
    assert bundle.project_bundle_name is None
    assert bundle.addons == STUDIO_ADDONS
    assert bundle.launcher_version == "1.3.0"  # installerVersion
    assert not bundle.is_dev
    assert bundle.dev_variant is None
    assert bundle.variant == "production"
    assert bundle_requests(bundle, "weak") == [
        "~ayon_launcher==1.3.0",
        "~ayon_applications==2.0.0._rez",
        "~ayon_core==1.4.4._dev",
        "~ayon_maya==0.4.0",
        "~ayon_nuke==0.3.0",
    ]


def test_launcher_version_comes_from_the_launcher(ayon_server, monkeypatch):
    _fill_bundles(ayon_server)
    monkeypatch.setenv("AYON_STUDIO_BUNDLE_NAME", "studio_prod")
    monkeypatch.setenv("AYON_BUNDLE_NAME", "studio_prod")
    monkeypatch.setenv("AYON_VERSION", "1.3.2+hotfix")
    bundle = get_running_bundle()
    assert bundle.launcher_version == "1.3.2+hotfix"
    assert bundle_requests(bundle, "strict")[0] == (
        "ayon_launcher==1.3.2._hotfix"
    )


def test_project_bundle_from_the_launcher_overlays(ayon_server, monkeypatch):
    _fill_bundles(ayon_server)
    monkeypatch.setenv("AYON_STUDIO_BUNDLE_NAME", "studio_prod")
    monkeypatch.setenv("AYON_BUNDLE_NAME", "proj_show")
    bundle = get_running_bundle()
    assert bundle.name == "studio_prod"
    assert bundle.project_bundle_name == "proj_show"
    assert bundle.effective_name == "proj_show"
    # maya from the project bundle, core inherited, nuke disabled.
    assert bundle.addons == {
        "core": "1.4.4+dev",
        "applications": "2.0.0+rez",
        "maya": "0.5.0",
    }
    # The project bundle has no launcher version: the studio's is used.
    assert bundle.launcher_version == "1.3.0"
    (query,) = _settings_queries(ayon_server)
    assert "project_bundle_name=proj_show" in query


def test_server_picks_the_projects_bundle(ayon_server, monkeypatch):
    _fill_bundles(ayon_server)
    monkeypatch.setenv("AYON_STUDIO_BUNDLE_NAME", "studio_prod")
    monkeypatch.setenv("AYON_BUNDLE_NAME", "studio_prod")
    show = get_running_bundle("show")
    assert show.project_bundle_name == "proj_show"
    assert show.addons["maya"] == "0.5.0"
    assert "nuke" not in show.addons

    plain = get_running_bundle("plain")
    assert plain.project_bundle_name is None
    assert plain.addons == STUDIO_ADDONS

    studio = get_running_bundle()
    assert studio.addons == STUDIO_ADDONS


def test_dev_bundle(ayon_server, monkeypatch):
    _fill_bundles(ayon_server)
    monkeypatch.setenv("AYON_BUNDLE_NAME", "dev_admin")
    monkeypatch.setenv("AYON_STUDIO_BUNDLE_NAME", "dev_admin")
    bundle = get_running_bundle("show")
    assert bundle.is_dev
    assert bundle.dev_variant == "dev_admin"
    assert bundle.variant == "dev_admin"
    # A dev bundle has no project bundle.
    assert bundle.project_bundle_name is None
    assert bundle.addons["applications"] == "2.1.0+rez"
    assert bundle.launcher_version == "1.4.1"
    (query,) = _settings_queries(ayon_server)
    assert "variant=dev_admin" in query


def test_dev_and_staging_chosen_without_a_bundle_name(
    ayon_server, monkeypatch
):
    _fill_bundles(ayon_server)
    monkeypatch.setenv("AYON_USE_DEV", "1")
    dev = get_running_bundle()
    assert (dev.name, dev.is_dev) == ("dev_admin", True)

    monkeypatch.delenv("AYON_USE_DEV")
    monkeypatch.setenv("AYON_USE_STAGING", "1")
    staging = get_running_bundle()
    assert staging.name == "studio_stage"
    assert staging.variant == "staging"
    assert staging.addons["core"] == "1.5.0-beta.1"
    assert not staging.is_dev

    monkeypatch.delenv("AYON_USE_STAGING")
    assert get_running_bundle().name == "studio_prod"


def test_unknown_bundle_is_a_clear_failure(ayon_server, monkeypatch):
    _fill_bundles(ayon_server)
    monkeypatch.setenv("AYON_BUNDLE_NAME", "gone_bundle")
    with pytest.raises(ApplicationLaunchFailed, match="gone_bundle"):
        get_running_bundle()

    monkeypatch.setenv("AYON_STUDIO_BUNDLE_NAME", "studio_prod")
    monkeypatch.setenv("AYON_BUNDLE_NAME", "gone_project_bundle")
    with pytest.raises(ApplicationLaunchFailed, match="gone_project_bundle"):
        get_running_bundle()


def test_no_bundle_at_all_is_a_clear_failure(ayon_server):
    with pytest.raises(ApplicationLaunchFailed, match="production bundle"):
        get_running_bundle()


# --- the test server's settings, as the real ayon_api reads them -----------

def test_addon_settings_by_bundle_variant_and_project(ayon_server):
    _fill_bundles(ayon_server)
    ayon_server.set_studio_settings(
        "applications",
        {"ayon_request": {"mode": "weak", "extra": ["a"]}, "tools": []},
    )
    ayon_server.set_studio_settings(
        "applications", {"ayon_request": {"mode": "strict"}},
        variant="dev_admin",
    )
    ayon_server.set_project_overrides(
        "plain", "applications", {"ayon_request": {"extra": ["b"]}}
    )

    studio = ayon_api.get_addons_studio_settings(bundle_name="studio_prod")
    assert set(studio) == set(STUDIO_ADDONS)
    assert studio["applications"]["ayon_request"] == {
        "mode": "weak", "extra": ["a"],
    }
    project = ayon_api.get_addons_project_settings(
        "plain", bundle_name="studio_prod"
    )
    assert project["applications"]["ayon_request"] == {
        "mode": "weak", "extra": ["b"],
    }
    show = ayon_api.get_addons_settings(
        bundle_name="studio_prod", project_name="show", only_values=False
    )
    assert {a["name"]: a["version"] for a in show["addons"]}["maya"] == (
        "0.5.0"
    )
    dev = ayon_api.get_addons_studio_settings(
        bundle_name="dev_admin", variant="dev_admin"
    )
    assert dev["applications"] == {"ayon_request": {"mode": "strict"}}
