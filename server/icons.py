"""Application icons the server serves: shipped and custom ones.

Under ``/api/addons/applications/{version}/``:

- ``GET icons/{filename}``: a custom icon of that name, else the one in
  this version's ``public/icons`` (the URL the items, the web actions and
  the client's ``get_app_icon_url(icon, server=True)`` use);
- ``GET customIcons``: ``{"icons": [{"filename": ...}, ...]}``;
- ``GET customIcons/{filename}``: the file;
- ``POST`` / ``PUT customIcons/{filename}``: store the request body
  (``{"success": true}``); ``DELETE customIcons/{filename}``: remove it.

Custom icons are stored where Ynput's addon stores them: the
``custom_icons`` folder beside the addon's version folders
(``addons/applications/custom_icons``), shared by every version, so
icons uploaded for Ynput's addon stay available after a switch. Names
are plain file names (no folders, no leading dot). Storing and deleting
need a manager (Ynput's addon lets any user); a file is written whole
(temp file, then rename) and at most ``MAX_ICON_BYTES`` long.
"""
from __future__ import annotations

import contextlib
import os
import tempfile

from ayon_server.api.dependencies import CurrentUser
from ayon_server.exceptions import (
    BadRequestException,
    ForbiddenException,
    NotFoundException,
)
from fastapi import Request
from fastapi.responses import FileResponse

__all__ = ["IconEndpoints", "MAX_ICON_BYTES", "is_plain_file_name"]

MAX_ICON_BYTES = 10 * 1024 * 1024


def is_plain_file_name(filename: str) -> bool:
    """Whether ``filename`` names a file in one folder, nothing else."""
    return bool(
        filename
        and filename == os.path.basename(filename)
        and "\\" not in filename
        and "/" not in filename
        and not filename.startswith(".")
    )


class IconEndpoints:
    """Mixin of the server addon: the icon endpoints."""

    addon_dir: str

    def register_icon_endpoints(self) -> None:
        """Add the ``icons`` and ``customIcons`` endpoints."""
        self.add_endpoint(
            "/icons/{filename}", self.get_icon, method="GET", name="icon",
        )
        self.add_endpoint(
            "customIcons", self.list_custom_icons, method="GET"
        )
        path = "customIcons/{filename}"
        self.add_endpoint(path, self.get_custom_icon, method="GET")
        self.add_endpoint(path, self.upload_custom_icon, method="POST")
        self.add_endpoint(path, self.upload_custom_icon, method="PUT")
        self.add_endpoint(path, self.delete_custom_icon, method="DELETE")

    def custom_icons_dir(self) -> str:
        """Folder of the custom icons, beside the version folders."""
        return os.path.join(
            os.path.dirname(os.path.abspath(self.addon_dir)), "custom_icons"
        )

    def _custom_icon_path(self, filename: str) -> str:
        if not is_plain_file_name(filename):
            raise NotFoundException(f"Icon {filename!r} not found")
        return os.path.join(self.custom_icons_dir(), filename)

    def get_icon_path(self, filename: str) -> str:
        """Path of an icon: the custom one, else ``public/icons``'.

        Raises:
            NotFoundException: No such icon (or not a plain file name).
        """
        custom = self._custom_icon_path(filename)
        if os.path.isfile(custom):
            return custom
        path = os.path.join(self.addon_dir, "public", "icons", filename)
        if not os.path.isfile(path):
            raise NotFoundException(f"Icon {filename!r} not found")
        return path

    async def get_icon(self, filename: str) -> FileResponse:
        """Serve one icon (no login needed)."""
        return FileResponse(self.get_icon_path(filename))

    async def list_custom_icons(self) -> dict[str, list[dict[str, str]]]:
        """File names of the custom icons."""
        folder = self.custom_icons_dir()
        names = []
        if os.path.isdir(folder):
            names = sorted(
                name for name in os.listdir(folder)
                if is_plain_file_name(name)
                and os.path.isfile(os.path.join(folder, name))
            )
        return {"icons": [{"filename": name} for name in names]}

    async def get_custom_icon(self, filename: str) -> FileResponse:
        """Serve one custom icon."""
        path = self._custom_icon_path(filename)
        if not os.path.isfile(path):
            raise NotFoundException(f"File {filename!r} not found")
        return FileResponse(path)

    async def upload_custom_icon(
        self, request: Request, user: CurrentUser, filename: str
    ) -> dict[str, bool]:
        """Store the request body as a custom icon (replacing one)."""
        _require_manager(user)
        if not is_plain_file_name(filename):
            raise BadRequestException(
                f"Icon name {filename!r} is not a plain file name"
            )
        folder = self.custom_icons_dir()
        os.makedirs(folder, exist_ok=True)
        fd, tmp_path = tempfile.mkstemp(prefix=".upload-", dir=folder)
        try:
            size = 0
            with os.fdopen(fd, "wb") as stream:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > MAX_ICON_BYTES:
                        raise BadRequestException(
                            f"Icon {filename!r} is larger than"
                            f" {MAX_ICON_BYTES} bytes"
                        )
                    stream.write(chunk)
            os.chmod(tmp_path, 0o644)
            os.replace(tmp_path, os.path.join(folder, filename))
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(tmp_path)
            raise
        return {"success": True}

    async def delete_custom_icon(
        self, user: CurrentUser, filename: str
    ) -> dict[str, bool]:
        """Remove a custom icon."""
        _require_manager(user)
        path = self._custom_icon_path(filename)
        if not os.path.isfile(path):
            raise NotFoundException(f"File {filename!r} not found")
        os.remove(path)
        return {"success": True}


def _require_manager(user: CurrentUser) -> None:
    if not user.is_manager:
        raise ForbiddenException("Only managers can change custom icons")
