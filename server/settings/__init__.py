"""Settings of the Applications (rez) addon (see docs/settings.md)."""
from ..shared_rules import rules
from .defaults import DEFAULT_VALUES, get_default_values
from .main import ApplicationsAddonSettings
from .site import ApplicationsSiteSettings

parse_timestamp = rules.parse_timestamp
check_request = rules.check_request
is_valid_request = rules.is_valid_request

__all__ = [
    "ApplicationsAddonSettings",
    "ApplicationsSiteSettings",
    "DEFAULT_VALUES",
    "get_default_values",
    "parse_timestamp",
    "check_request",
    "is_valid_request",
]
