"""The studio's rez config: rez's own defaults with the studio settings on
top, locked, so the machine's ``REZ_CONFIG_FILE``, home ``.rezconfig``
and ``REZ_*`` variables do not change a launch. Every use of rez in the
resolver runs with it, scoped to its thread (``config_scope``).
"""
import copy
import json
from typing import Any, Dict, Sequence

from ..config_scope import ConfigCache, install_thread_scoping
from ..exceptions import ApplicationLaunchFailed
from ..rez_settings import RezSettings

#: Studio rez configs by their settings; few distinct ones in a process.
_STUDIO_CONFIGS = ConfigCache()


def studio_config(overrides: Dict[str, Any]) -> Any:
    """A rez ``Config``: rez's own defaults, ``overrides`` on top.

    Locked: ``REZ_*`` variables are ignored, and no other config file is
    read. The ``{system.*}`` placeholders are expanded by rez when a
    setting is read; the expansion is part of the cache key, so a changed
    platform (tests patch it) gets a fresh config.

    Raises:
        ApplicationLaunchFailed: A key is not a rez setting, or rez
            refuses its value.
    """
    from rez.config import (
        Config,
        config,
        expand_system_vars,
        get_module_root_config,
    )
    from rez.exceptions import ConfigurationError

    install_thread_scoping(config)
    key = json.dumps(
        [overrides, expand_system_vars(overrides.get("implicit_packages"))],
        sort_keys=True,
        default=str,
    )
    found = _STUDIO_CONFIGS.get(key)
    if found is not None:
        return found
    known = set(Config._schema_keys) | {"plugins"}
    unknown = sorted(name for name in overrides if name not in known)
    if unknown:
        raise ApplicationLaunchFailed(
            "Settings rez/extra_config: not a rez setting: "
            + ", ".join(unknown)
        )
    built = Config(
        [get_module_root_config()],
        overrides=copy.deepcopy(overrides),
        locked=True,
    )
    for name in overrides:
        try:
            getattr(built, name)
        except ConfigurationError as exc:
            raise ApplicationLaunchFailed(
                f"Settings rez/extra_config: {exc}"
            ) from None
    _STUDIO_CONFIGS.put(key, built)
    return built


def settings_config(
    rez_settings: RezSettings, parent_variables: Sequence[str] = ()
) -> Any:
    """The studio config of ``rez_settings`` (see ``config_overrides``)."""
    return studio_config(rez_settings.config_overrides(parent_variables))
