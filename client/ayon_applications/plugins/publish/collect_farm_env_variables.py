"""Hand the application and the artist's rez resolve to farm jobs.

The contract name of Ynput's addon, ``CollectApplicationsJobEnvVars``,
puts ``AYON_APP_NAME`` into the farm job environment. This addon adds the
saved context (``AYON_REZ_CONTEXT_FILE``) and the resolve time
(``AYON_REZ_TIMESTAMP``): the farm's ``extractenvironments`` reuses the
one or resolves as of the other, so renders get the artist's packages.
"""
import os

import pyblish.api

from ayon_applications.constants import CONTEXT_FILE_ENV, TIMESTAMP_ENV

try:
    from ayon_core.pipeline.publish import FARM_JOB_ENV_DATA_KEY
except ImportError:  # ayon-core before 1.0.10, or none
    FARM_JOB_ENV_DATA_KEY = "farmJobEnv"


class CollectApplicationsJobEnvVars(pyblish.api.ContextPlugin):
    """Add the application and its rez resolve to the farm job env."""

    order = pyblish.api.CollectorOrder - 0.45
    label = "Collect Applications farm environment variables"
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
