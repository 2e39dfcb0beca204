"""STAND-IN for ``ayon_core.lib`` (cannot be installed from the package
index). Only the names the Applications addon and its tests use."""
from .ayon_info import (
    get_settings_variant,
    is_dev_mode_enabled,
    is_headless_mode_enabled,
    is_staging_enabled,
)
from .env_tools import env_value_to_bool
from .execute import get_ayon_launcher_args, run_ayon_launcher_process
from .local_settings import get_ayon_username
from .log import Logger
from .path_templates import (
    StringTemplate,
    TemplateResult,
    TemplateUnsolved,
)
from .profiles_filtering import compile_list_of_regexes, filter_profiles

__all__ = (
    "Logger",
    "StringTemplate",
    "TemplateResult",
    "TemplateUnsolved",
    "compile_list_of_regexes",
    "env_value_to_bool",
    "filter_profiles",
    "get_ayon_launcher_args",
    "get_ayon_username",
    "get_settings_variant",
    "is_dev_mode_enabled",
    "is_headless_mode_enabled",
    "is_staging_enabled",
    "run_ayon_launcher_process",
)
