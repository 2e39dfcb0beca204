"""Hand the artist's rez resolve to farm jobs submitted from this app.

The farm's ``extractenvironments`` reuses the saved context
(``AYON_REZ_CONTEXT_FILE``) or resolves as of the artist's launch
(``AYON_REZ_TIMESTAMP``), so renders get the packages the artist had.
"""
import os

import pyblish.api

from ayon_applications.constants import CONTEXT_FILE_ENV, TIMESTAMP_ENV

try:
    from ayon_core.pipeline.publish import FARM_JOB_ENV_DATA_KEY
except ImportError:  # ayon-core before 1.0.10, or none
    FARM_JOB_ENV_DATA_KEY = "farmJobEnv"


class CollectRezFarmJobEnv(pyblish.api.ContextPlugin):
    """Add the application and its rez resolve to the farm job env."""

    order = pyblish.api.CollectorOrder - 0.45
    label = "Applications (rez) farm environment"
    targets = ["local"]

    env_keys = ("AYON_APP_NAME", TIMESTAMP_ENV, CONTEXT_FILE_ENV)

    def process(self, context: pyblish.api.Context) -> None:
        """Copy the keys set in this process into ``farmJobEnv``."""
        job_env = context.data.setdefault(FARM_JOB_ENV_DATA_KEY, {})
        for key in self.env_keys:
            value = os.environ.get(key)
            if not value:
                continue
            self.log.debug("Farm job env: %s=%s", key, value)
            job_env[key] = value
