"""Save the resolved context beside the launch so a farm job can reuse it.

Runs late, when ayon-core has set the work directory: the context is
saved there (shared storage the farm can read) or else next to the
launch logs, and its path is exported as ``AYON_REZ_CONTEXT_FILE``.
"""
import os
import re
import tempfile

from ayon_applications.constants import (
    CONTEXT_FILE_ENV,
    TIMESTAMP_ENV,
    LaunchTypes,
)
from ayon_applications.hooks import PreLaunchHook


class SaveRezContextHook(PreLaunchHook):
    """Write the ``.rxt`` of the launch and export its path."""

    order = 900
    launch_types = {LaunchTypes.local}

    def execute(self) -> None:
        """Save the context (once per distinct resolve) and export it."""
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
            self.log.warning(
                "No work directory: the rez context is saved in %s, which"
                " farm workers may not read (they resolve as of %s then)",
                folder, TIMESTAMP_ENV,
            )
        # Named by what was resolved: launches resolving the same packages
        #   share one file instead of adding one per launch.
        name = re.sub(r"[^\w.-]+", "_", self.app_name)
        path = os.path.join(
            folder, f"{name}_{resolution.fingerprint()[:16]}.rxt"
        )
        if not os.path.isfile(path):
            try:
                resolution.save(path)
            except OSError as exc:
                self.log.warning("Could not save the rez context: %s", exc)
                return
            self.log.info("Saved the rez context to %s", path)
        env[CONTEXT_FILE_ENV] = path
