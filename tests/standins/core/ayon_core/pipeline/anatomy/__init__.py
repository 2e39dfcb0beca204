"""STAND-IN for ``ayon_core.pipeline.anatomy`` (cannot be installed from the
package index)."""
from .anatomy import Anatomy
from .exceptions import ProjectNotSet
from .templates import AnatomyStringTemplate, AnatomyTemplateResult

__all__ = (
    "Anatomy",
    "AnatomyStringTemplate",
    "AnatomyTemplateResult",
    "ProjectNotSet",
)
