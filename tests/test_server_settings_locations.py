"""Server settings refuse what would fail or misbehave at resolve time.

memcached URIs (checked against the parser rez itself uses), package
folders that are not absolute for their platform, and blank programs in
variant commands; each refusal names the field and the value.

Runs on the ``ayon_server`` stand-ins (tests/standins/server).
"""
from __future__ import annotations

from typing import Any, Callable

import pytest
from ayon_server.exceptions import BadRequestException
from rez.utils.memcached import Client as RezMemcachedClient
from rez.vendor.memcache.memcache import _Host as RezMemcachedHost

from server.settings import ApplicationsAddonSettings, get_default_values
from server.shared_rules import rules
from tests.fixtures.server import set_at

# (uri, accepted here, accepted by rez's vendored python-memcached parser)
MEMCACHED_URIS = [
    ("127.0.0.1:11211", True, True),
    ("127.0.0.1", True, True),
    ("localhost:11211", True, True),
    ("cache.studio.lan", True, True),
    ("mc_1:11211", True, True),
    ("h:65535", True, True),
    ("inet:127.0.0.1:11211", True, True),
    ("inet:cache", True, True),
    ("unix:/run/memcached/memcached.sock", True, True),
    ("inet6:[::1]:11211", True, True),
    ("inet6:[::1]", True, True),
    ("inet6:[fe80::1%eth0]:11211", True, True),
    # refused by rez too: every resolve would fail
    ("127.0.0.1:11211 ", False, False),
    ("memcache://h:11211", False, False),
    ("h:abc", False, False),
    ("h:11211:2", False, False),  # a weight is a tuple, never text
    ("h:", False, False),
    ("", False, False),
    (":11211", False, False),
    ("inet6:::1", False, False),
    ("[::1]:11211", False, False),
    ("inet:", False, False),
    # taken by the parser, yet never a reachable server (or worse)
    (" 127.0.0.1:11211", False, True),
    ("h ", False, True),
    ("unix:", False, True),
    ("unix:memcached.sock", False, True),
    ("unix:/run/mc sock", False, True),
    ("inet6:[nothost]:1", False, True),
    ("inet6:[127.0.0.1]:1", False, True),
    ("h:0", False, True),
    ("h:65536", False, True),
    ("h:99999", False, True),  # OverflowError in every resolve
    ("h/x:11211", False, True),
    ("-h:1", False, True),
]


def _ours(uri: str) -> bool:
    try:
        rules.check_memcached_uri(uri)
    except rules.LocationError:
        return False
    return True


def _rez_parses(uri: str) -> bool:
    try:
        RezMemcachedHost(uri)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("uri,accepted,rez_parses", MEMCACHED_URIS)
def test_memcached_uris_against_rezs_parser(uri, accepted, rez_parses):
    assert _ours(uri) is accepted
    assert _rez_parses(uri) is rez_parses
    assert not accepted or rez_parses  # never wider than rez


def test_accepted_forms_reach_a_real_memcached(memcached_uri):
    port = memcached_uri.rsplit(":", 1)[1]
    for uri in (memcached_uri, f"inet:127.0.0.1:{port}"):
        rules.check_memcached_uri(uri)
        assert RezMemcachedClient([uri]).test_servers() == {uri}


# (path, platform, accepted)
PATHS = [
    ("P:/rez/packages", "windows", True),
    (r"P:\rez\packages", "windows", True),
    ("C:\\", "windows", True),
    (r"\\server\share\rez", "windows", True),
    ("//server/share/rez", "windows", True),
    (r"\\?\C:\rez", "windows", True),
    ("/mnt/pipeline/rez", "linux", True),
    ("/Volumes/pipeline/rez", "darwin", True),
    ("/", "linux", True),
    ("rez/packages", "windows", False),
    ("C:rez", "windows", False),  # relative to C:'s current folder
    ("C:", "windows", False),
    (r"\rez\packages", "windows", False),  # relative to the current drive
    ("/mnt/rez", "windows", False),
    (r"\\server", "windows", False),
    ("%STUDIO%\\rez", "windows", False),
    ("rez/packages", "linux", False),
    ("./rez", "linux", False),
    ("~/rez", "linux", False),
    ("$STUDIO/rez", "darwin", False),
    ("P:/rez", "linux", False),
    ("/mnt/rez ", "linux", False),
    (" /mnt/rez", "darwin", False),
    ("", "linux", False),
    ("  ", "windows", False),
]


@pytest.mark.parametrize("path,platform,accepted", PATHS)
def test_package_folders_must_be_absolute_for_their_platform(
    path, platform, accepted
):
    if accepted:
        rules.check_absolute_path(path, platform)
    else:
        with pytest.raises(rules.LocationError):
            rules.check_absolute_path(path, platform)


def _variant(path: str) -> str:
    return f"applications.0.variants.0.{path}"


BAD_INPUTS: dict[str, tuple[Callable[[dict], None], list[str]]] = {
    "memcached trailing space": (
        set_at("rez.memcached_uri", ["127.0.0.1:11211 "]),
        ["rez.memcached_uri", "'127.0.0.1:11211 '", "spaces"],
    ),
    "memcached scheme": (
        set_at("rez.memcached_uri", ["memcache://h:11211"]),
        ["rez.memcached_uri", "'memcache://h:11211'", "host:port"],
    ),
    "memcached port": (
        set_at("rez.memcached_uri", ["cache:11211", "h:abc"]),
        ["rez.memcached_uri", "'h:abc'", "numeric port"],
    ),
    "relative packages path": (
        set_at("rez.packages_path.linux", ["/mnt/rez", "rez/packages"]),
        ["rez.packages_path.linux", "'rez/packages'", "absolute"],
    ),
    "posix packages path on windows": (
        set_at("rez.packages_path.windows", ["/mnt/rez"]),
        ["rez.packages_path.windows", "'/mnt/rez'", "Windows"],
    ),
    "empty packages path": (
        set_at("rez.packages_path.darwin", [""]),
        ["rez.packages_path.darwin", "''", "empty"],
    ),
    "home packages path": (
        set_at("rez.packages_path.linux", ["~/packages"]),
        ["rez.packages_path.linux", "'~/packages'", "expand"],
    ),
    "relative cache path": (
        set_at("rez.local_cache_path.windows", "rez_cache"),
        ["rez.local_cache_path.windows", "'rez_cache'", "absolute"],
    ),
    "relative resolve cache folder": (
        set_at("rez.resolve_cache.path.linux", "cache/{user}"),
        ["rez.resolve_cache.path.linux", "'cache/{user}'", "absolute"],
    ),
    "resolve cache folder of another placeholder": (
        set_at("rez.resolve_cache.path.linux", "/var/tmp/{project}"),
        ["rez.resolve_cache.path.linux", "{user}"],
    ),
    "resolve cache folder with a variable": (
        set_at("rez.resolve_cache.path.windows", "%TEMP%\\rez"),
        ["rez.resolve_cache.path.windows", "variable"],
    ),
    "empty program": (
        set_at(_variant("command"), [""]),
        ["variant '2025' command", "['']", "program"],
    ),
    "blank program": (
        set_at(_variant("command"), ["  ", "-batch"]),
        ["variant '2025' command", "['  ', '-batch']", "program"],
    ),
    "spaced program": (
        set_at(_variant("command"), ["maya "]),
        ["variant '2025' command", "['maya ']"],
    ),
    "blank platform program": (
        set_at(_variant("command_per_platform.windows"), ["  "]),
        ["variant '2025' command_per_platform.windows", "['  ']"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_locations_and_commands_are_refused_naming_the_field(case):
    mutate, expected = BAD_INPUTS[case]
    values = get_default_values()
    ApplicationsAddonSettings(**values)  # the unchanged defaults pass
    mutate(values)
    with pytest.raises(BadRequestException) as info:
        ApplicationsAddonSettings(**values)
    for text in expected:
        assert text in info.value.detail, (text, info.value.detail)


GOOD_INPUTS: dict[str, tuple[str, Any]] = {
    "memcached servers": ("rez.memcached_uri", [
        "127.0.0.1:11211", "inet6:[::1]:11211", "unix:/run/mc.sock"]),
    "share on windows": ("rez.packages_path.windows",
                         [r"\\server\share\rez", "P:/rez"]),
    "cache off": ("rez.local_cache_path.linux", ""),
    "cache on": ("rez.local_cache_path.darwin", "/Users/Shared/rez_cache"),
    "resolve cache under home": ("rez.resolve_cache.path.linux",
                                 "~/.cache/ayon-rez"),
    "resolve cache per user": ("rez.resolve_cache.path.windows",
                               r"D:\cache\ayon-rez-{user}"),
    "resolve cache off": ("rez.resolve_cache.enabled", False),
    "empty argument after the program": (_variant("command"),
                                         ["maya", ""]),
    "no command on one platform": (_variant("command_per_platform.linux"),
                                   []),
}


@pytest.mark.parametrize("case", sorted(GOOD_INPUTS))
def test_good_locations_and_commands_pass(case):
    path, value = GOOD_INPUTS[case]
    values = get_default_values()
    set_at(path, value)(values)
    ApplicationsAddonSettings(**values)
