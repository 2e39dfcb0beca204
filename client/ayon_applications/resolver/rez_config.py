"""The studio's rez config: rez's own defaults with the settings on top.

Built locked (``REZ_*`` variables ignored, no other config file read) and
handed to ``config_scope``, which makes rez read it in the resolving
thread only.
"""
import copy
import json
import threading
from typing import Any, Dict, Sequence

from ..config_scope import install_thread_scoping
from ..exceptions import ApplicationLaunchFailed
from ..rez_settings import RezSettings

#: Studio rez configs by their settings; few distinct ones in a process.
_STUDIO_CONFIGS: Dict[str, Any] = {}
_STUDIO_CONFIGS_LOCK = threading.Lock()
_MAX_STUDIO_CONFIGS = 32

#: rez settings shown by ``resolve``: what the studio config made of them.
EFFECTIVE_KEYS = (
    "packages_path",
    "implicit_packages",
    "package_filter",
    "package_orderers",
    "variant_select_mode",
)


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
    with _STUDIO_CONFIGS_LOCK:
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
    with _STUDIO_CONFIGS_LOCK:
        if len(_STUDIO_CONFIGS) >= _MAX_STUDIO_CONFIGS:
            _STUDIO_CONFIGS.pop(next(iter(_STUDIO_CONFIGS)))
        _STUDIO_CONFIGS[key] = built
    return built


def settings_config(
    rez_settings: RezSettings, parent_variables: Sequence[str] = ()
) -> Any:
    """The studio config of ``rez_settings``.

    Args:
        rez_settings: The studio's (and site's) rez settings.
        parent_variables: Variables packages extend (``PATH``...), before
            any ``parent_variables`` of ``extra_config``.
    """
    overrides = rez_settings.config_overrides()
    if parent_variables:
        studio_vars = list(overrides.get("parent_variables") or [])
        overrides["parent_variables"] = list(parent_variables) + [
            name for name in studio_vars if name not in parent_variables
        ]
    return studio_config(overrides)


def effective_config(config: Any) -> Dict[str, Any]:
    """The values of :data:`EFFECTIVE_KEYS` in ``config``."""
    return {key: copy.deepcopy(getattr(config, key)) for key in EFFECTIVE_KEYS}


