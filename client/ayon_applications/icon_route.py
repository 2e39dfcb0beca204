"""The tray webserver's icon route: app icons from the AYON server.

``GET /addons/applications/icons/{filename}`` on the local webserver
answers what the server's ``api/addons/applications/{version}/icons/
{filename}`` answers (custom icons first, then the addon's own), so tools
that show icons by a local URL get them. Found icons are kept in memory
(the last 256); a missing one is asked for again next time, so an icon
uploaded later shows up. aiohttp comes with the AYON launcher (its
webserver runs on it) and is imported only when a request is answered.
"""
import os
import urllib.parse
from typing import Any, Dict, Optional, Tuple

MAX_CACHED_ICONS = 256
FETCH_TIMEOUT_S = 30

CachedIcon = Tuple[bytes, str]


class IconRoute:
    """Answers icon requests of the local webserver.

    Args:
        addon_name: The addon's name.
        addon_version: The addon's version (the server endpoint's).
        cache: Icons by file name, shared by the routes of one process.
    """

    def __init__(
        self,
        addon_name: str,
        addon_version: str,
        cache: Dict[str, Any],
    ) -> None:
        self.addon_name = addon_name
        self.addon_version = addon_version
        self.cache = cache

    def server_url(self, filename: str) -> str:
        """The server endpoint of one icon."""
        import ayon_api

        quoted = urllib.parse.quote(filename)
        return (
            f"{ayon_api.get_base_url()}/api/addons/{self.addon_name}"
            f"/{self.addon_version}/icons/{quoted}"
        )

    def _remember(self, filename: str, icon: CachedIcon) -> None:
        self.cache[filename] = icon
        while len(self.cache) > MAX_CACHED_ICONS:
            self.cache.pop(next(iter(self.cache)))

    async def _fetch(self, filename: str) -> Optional[CachedIcon]:
        import aiohttp
        import ayon_api

        headers = dict(ayon_api.get_server_api_connection().get_headers())
        timeout = aiohttp.ClientTimeout(total=FETCH_TIMEOUT_S)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(
                self.server_url(filename), headers=headers
            ) as response:
                if response.status != 200:
                    return None
                body = await response.read()
                # the mime type alone: aiohttp sets the charset itself
                content_type = response.content_type
        return body, content_type

    async def handle(self, request: Any) -> Any:
        """aiohttp handler: the icon, or 404."""
        from aiohttp import web

        filename = os.path.basename(request.match_info["filename"])
        if filename in ("", ".", ".."):
            raise web.HTTPNotFound()
        icon = self.cache.get(filename)
        if icon is None:
            try:
                icon = await self._fetch(filename)
            except Exception as exc:  # noqa: BLE001 - server unreachable
                raise web.HTTPBadGateway(text=str(exc)) from exc
            if icon is None:
                raise web.HTTPNotFound()
            self._remember(filename, icon)
        body, content_type = icon
        return web.Response(body=body, content_type=content_type)
