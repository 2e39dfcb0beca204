"""STAND-IN for ``ayon_core.pipeline.anatomy.exceptions`` (cannot be
installed from the package index)."""


class ProjectNotSet(Exception):
    """Anatomy needs a project name."""
