"""Settings of the Applications (rez) addon (see docs/settings.md)."""
from .defaults import DEFAULT_VALUES, get_default_values
from .main import ApplicationsAddonSettings
from .profiles import parse_timestamp
from .requests import check_request, is_valid_request

__all__ = [
    "ApplicationsAddonSettings",
    "DEFAULT_VALUES",
    "get_default_values",
    "parse_timestamp",
    "check_request",
    "is_valid_request",
]
