"""STAND-IN for ``ayon_core.tools.tray.webserver.server`` (cannot be
installed from the package index).

The tray's local webserver: an aiohttp application that addons add routes
to (``webserver_initialization(manager)``), served from a thread on
``host:port``. Real names and signatures; the real one also adds a CORS
middleware and ayon-core's ``/res`` static folder, left out here.
"""
import asyncio
import socket
import threading

from aiohttp import web


def find_free_port(
    port_from=None, port_to=None, exclude_ports=None, host=None
):
    """A free TCP port (stand-in: the one the system hands out)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host or "127.0.0.1", 0))
        return sock.getsockname()[1]


class WebServerManager:
    """The local webserver of the tray."""

    def __init__(self, port=None, host=None):
        self.port = port or 8079
        self.host = host or "127.0.0.1"
        self.on_stop_callbacks = []
        self.app = web.Application()
        self._loop = None
        self._runner = None
        self._thread = None
        self._started = threading.Event()

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    def add_route(self, request_method, path, handler):
        self.app.router.add_route(request_method, path, handler)

    def add_static(self, prefix, path):
        self.app.router.add_static(prefix, path)

    def add_addon_route(self, addon_name, path, request_method, handler):
        path = path.lstrip("/")
        full_path = f"/addons/{addon_name}/{path}"
        self.app.router.add_route(request_method, full_path, handler)
        return full_path

    def add_addon_static(self, addon_name, prefix, path):
        full_path = f"/addons/{addon_name}/{prefix}"
        self.app.router.add_static(full_path, path)
        return full_path

    def connect_with_addons(self, addons):
        for addon in addons:
            if hasattr(addon, "webserver_initialization"):
                addon.webserver_initialization(self)

    def _serve(self):
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._runner = web.AppRunner(self.app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, self.host, self.port)
        self._loop.run_until_complete(site.start())
        self._started.set()
        self._loop.run_forever()
        self._loop.run_until_complete(self._runner.cleanup())
        self._loop.close()

    def start_server(self):
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, daemon=True)
            self._thread.start()
            self._started.wait(10)

    def stop_server(self):
        if not self.is_running:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._thread = None
        for callback in self.on_stop_callbacks:
            callback()

    @property
    def is_running(self):
        return self._thread is not None and self._thread.is_alive()
