"""Rules the client and the server must apply alike, kept once.

- :mod:`.profiles`: which ``project_applications`` / ``project_tools``
  profile a context gets (a port of ayon-core's ``filter_profiles``);
- :mod:`.timestamps`: the project timestamp, epoch seconds or ISO 8601;
- :mod:`.request_grammar`: the rez request grammar (validity, package
  name, rez's ``{system.*}`` placeholders where asked);
- :mod:`.locations`: memcached URIs rez can use, package folders absolute
  for their platform, per-user folders;
- :mod:`.ynput_settings`: settings of Ynput's Applications addon (1.x)
  as this addon's, and the rez packages they then request (the server
  converts settings with it, ``wrap-installations`` writes the packages).

The server uses this very package: ``create_package.py`` copies it into
the server package as ``server/rules/``, and in the source tree
``server/shared_rules.py`` imports it from here. So it imports nothing
but the standard library and its own modules (relative imports only):
no rez, no ayon_core, no ayon_server, no other module of the client.
Python 3.9 syntax, as the rest of the client.
"""
from . import ynput_settings
from .locations import (
    LocationError,
    RelativePathError,
    check_absolute_path,
    check_memcached_uri,
    check_user_folder,
)
from .profiles import (
    PROFILE_KEYS_ORDER,
    filter_profiles,
    filter_score,
    filters_by,
    find_profile,
    invalid_patterns,
)
from .request_grammar import (
    REZ_IMPLICIT_PACKAGES,
    SYSTEM_PLACEHOLDERS,
    RequestSyntaxError,
    check_request,
    is_valid_request,
    request_package_name,
)
from .timestamps import parse_timestamp

__all__ = [
    "PROFILE_KEYS_ORDER",
    "REZ_IMPLICIT_PACKAGES",
    "SYSTEM_PLACEHOLDERS",
    "LocationError",
    "RelativePathError",
    "RequestSyntaxError",
    "check_absolute_path",
    "check_memcached_uri",
    "check_request",
    "check_user_folder",
    "filter_profiles",
    "filter_score",
    "filters_by",
    "find_profile",
    "invalid_patterns",
    "is_valid_request",
    "parse_timestamp",
    "request_package_name",
    "ynput_settings",
]
