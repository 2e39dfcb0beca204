"""Stand-in for the AYON server SDK (ayon-backend), which cannot be
installed from the package index. Only the names, signatures and
behaviour this addon uses, as in ynput/ayon-backend; pydantic v1 API.

Real module: ayon_server/bundles/project_bundles.py. Reads the stand-in
database: ``DB.projects[name]["bundle"][variant]`` names the project
bundle, ``DB.bundles[name]["addons"]`` its addon versions.
"""
from __future__ import annotations

from ayon_server.lib.postgres import DB


async def has_project_bundle(project_name: str, variant: str) -> bool:
    """Whether the project uses a project bundle for the variant."""
    project = DB.projects.get(project_name) or {}
    return (project.get("bundle") or {}).get(variant) is not None


async def get_project_bundle_addons(
    project_name: str, variant: str
) -> dict[str, str]:
    """Addon versions of the project's bundle for the variant."""
    project = DB.projects.get(project_name) or {}
    bundle_name = (project.get("bundle") or {}).get(variant)
    bundle = DB.bundles.get(bundle_name) if bundle_name else None
    if not bundle:
        return {}
    return dict(bundle.get("addons", {}))
