"""STAND-IN for ``ayon_core.pipeline.workfile`` (cannot be installed from
the package index)."""
from .path_resolving import (
    get_last_workfile,
    get_last_workfile_with_version,
    get_workdir,
    get_workdir_with_workdir_data,
    get_workfile_template_key,
    get_workfile_template_key_from_context,
)
from .utils import (
    should_open_workfiles_tool_on_launch,
    should_use_last_workfile_on_launch,
)

__all__ = (
    "get_last_workfile",
    "get_last_workfile_with_version",
    "get_workdir",
    "get_workdir_with_workdir_data",
    "get_workfile_template_key",
    "get_workfile_template_key_from_context",
    "should_open_workfiles_tool_on_launch",
    "should_use_last_workfile_on_launch",
)
