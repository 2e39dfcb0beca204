"""Constants shared by the addon and the code that imports it."""
import os

APPLICATIONS_ADDON_ROOT = os.path.dirname(os.path.abspath(__file__))

DEFAULT_ENV_SUBGROUP = "standard"
PLATFORM_NAMES = {"windows", "linux", "darwin"}

#: Environment variables a launch exports so a farm job can reproduce it.
CONTEXT_FILE_ENV = "AYON_REZ_CONTEXT_FILE"
TIMESTAMP_ENV = "AYON_REZ_TIMESTAMP"


class LaunchTypes:
    """Why an application is being launched.

    Hooks filter on these with their ``launch_types`` attribute.
    """

    local = "local"
    farm_render = "farm-render"
    farm_publish = "farm-publish"
    remote = "remote"
    automated = "automated"
