"""Save the resolved context beside the launch so a farm job can reuse it.

Runs late, when ayon-core has set the work directory: the context is
saved there (shared storage the farm can read) or else next to the
launch logs, and its path is exported as ``AYON_REZ_CONTEXT_FILE``.
"""
import os
import re
import tempfile
import time

from ayon_applications.constants import CONTEXT_FILE_ENV, LaunchTypes
from ayon_applications.hooks import PreLaunchHook


class SaveRezContextHook(PreLaunchHook):
    """Write the ``.rxt`` of the launch and export its path."""

    order = 900
    launch_types = {LaunchTypes.local}

    def execute(self) -> None:
        """Save the context and export its path."""
        resolution = self.data.get("rez_resolution")
        if resolution is None:
            return
        env = self.launch_context.env
        folder = env.get("AYON_WORKDIR")
        if folder and os.path.isdir(folder):
            folder = os.path.join(folder, ".rez_contexts")
        else:
            folder = os.path.join(
                tempfile.gettempdir(), "ayon_applications", "contexts"
            )
        stamp = time.strftime("%Y%m%dT%H%M%S")
        name = re.sub(r"[^\w.-]+", "_", self.app_name)
        path = os.path.join(folder, f"{name}_{stamp}_{os.getpid()}.rxt")
        try:
            resolution.save(path)
        except OSError as exc:
            self.log.warning("Could not save the rez context: %s", exc)
            return
        env[CONTEXT_FILE_ENV] = path
        self.log.info("Saved the rez context to %s", path)
