"""Site settings: one machine and user (AYON's site settings)."""
from __future__ import annotations

from ayon_server.settings import BaseSettingsModel, SettingsField

__all__ = ["ApplicationsSiteSettings"]


class ApplicationsSiteSettings(BaseSettingsModel):
    """Settings of this addon for one site (a workstation)."""

    dev_packages_path: str = SettingsField(
        "",
        title="Developer packages path",
        description=(
            "A local rez repository searched before the studio's packages"
            " paths, for testing packages before their release (empty ="
            " off). Launches that use a package from it say so; farm jobs"
            " never use it."
        ),
    )
