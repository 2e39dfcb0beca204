"""Save the resolved context beside the launch so a farm job can reuse it.

Runs late, when ayon-core has set the work directory: the context is
saved in its ``.rez_contexts/`` (shared storage the farm reads, and where
the farm looks for it), else in the user's private folder (mode 0700;
never a shared temp folder, where others could plant a file under the
name a launch will use), else not at all. The file is rewritten on every
launch, so its time says when the artist last launched with it, and its
path is exported as ``AYON_REZ_CONTEXT_FILE``.
"""
import os

from ayon_applications.constants import CONTEXT_FILE_ENV, LaunchTypes
from ayon_applications.hooks import PreLaunchHook
from ayon_applications.saved_contexts import (
    CONTEXTS_FOLDER,
    context_file_name,
    private_contexts_folder,
)


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
        workdir = env.get("AYON_WORKDIR")
        if workdir and os.path.isdir(workdir):
            folder = os.path.join(workdir, CONTEXTS_FOLDER)
        else:
            try:
                folder = private_contexts_folder()
            except OSError as exc:
                self.log.warning(
                    "No work directory, and no private folder for the rez"
                    " context (%s): not saved", exc,
                )
                return
            self.log.info(
                "No work directory: the rez context is saved in %s, which"
                " farm workers do not read", folder,
            )
        # Named by what was resolved: launches resolving the same packages
        #   share one file instead of adding one per launch.
        path = os.path.join(
            folder, context_file_name(self.app_name, resolution.fingerprint())
        )
        try:
            resolution.save(path)
        except OSError as exc:
            self.log.warning("Could not save the rez context: %s", exc)
            return
        self.log.info("Saved the rez context to %s", path)
        env[CONTEXT_FILE_ENV] = path
