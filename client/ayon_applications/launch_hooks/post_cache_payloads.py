"""Copy the launch's package payloads into the local cache, after start.

With ``rez/local_cache_path`` set, the next launch reads packages from the
local disk instead of the network. The copy runs in a thread once the
application has started, so it never delays the launch; the launching
process waits for it before exiting.
"""
import threading

from ayon_applications.constants import LaunchTypes
from ayon_applications.hooks import PostLaunchHook


class CachePayloadsHook(PostLaunchHook):
    """Start copying the resolved payloads into the local cache."""

    launch_types = {LaunchTypes.local}

    def validate(self) -> bool:
        """Only when a local cache is set in the settings."""
        return bool(self.manager.rez_settings().local_cache_path)

    def execute(self) -> None:
        """Copy in a background thread."""
        resolution = self.data.get("rez_resolution")
        if resolution is None or resolution.reused_from:
            return
        thread = threading.Thread(
            target=self._copy, args=(resolution,),
            name="ayon-rez-payload-cache",
        )
        self.data["payload_cache_thread"] = thread
        thread.start()

    def _copy(self, resolution) -> None:
        try:
            cached = resolution.cache_payloads()
        except Exception:  # noqa: BLE001 - caching never fails a launch
            self.log.warning("Caching package payloads failed",
                             exc_info=True)
            return
        self.log.info("Package payloads cached: %s", " ".join(cached))
