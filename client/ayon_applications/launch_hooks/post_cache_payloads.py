"""Copy the launch's package payloads into the local cache, after start.

With ``rez/local_cache_path`` set, the next launch reads packages from the
local disk instead of the network. The work (``payload_cache``) runs in a
thread once the application has started, so it never delays the launch;
the launching process waits for it before exiting. It records which
cached payloads the started process uses, logs one line per package
(cached, copying, skipped and why) and prunes the cache to its size
limit.
"""
import threading

from ayon_applications.constants import LaunchTypes
from ayon_applications.hooks import PostLaunchHook


class CachePayloadsHook(PostLaunchHook):
    """Start the payload cache's work for this launch."""

    launch_types = {LaunchTypes.local}

    def validate(self) -> bool:
        """Only when a local cache is set in the settings."""
        return bool(self.manager.rez_settings().local_cache_path)

    def execute(self) -> None:
        """Work in a background thread."""
        resolution = self.data.get("rez_resolution")
        if resolution is None or resolution.reused_from:
            return
        process = self.launch_context.process
        thread = threading.Thread(
            target=self._work,
            args=(resolution, dict(self.launch_context.env),
                  process.pid if process is not None else None),
            name="ayon-rez-payload-cache",
        )
        self.data["payload_cache_thread"] = thread
        thread.start()

    def _work(self, resolution, env, pid) -> None:
        # Imported here, after the start: hook discovery imports this
        #   file before every launch.
        from ayon_applications.payload_cache import cache_launch_payloads

        try:
            cache_launch_payloads(resolution, env, pid)
        except Exception:  # noqa: BLE001 - caching never fails a launch
            self.log.warning("The payload cache failed", exc_info=True)
