"""Where rez looks: memcached server URIs and package folders.

One of the shared rules (see the package): the server checks settings
with it when they are saved, and the client checks the settings it
receives with it (``settings_validation.py``).

memcached URIs follow the connection strings rez's vendored
python-memcached client parses (``rez.vendor.memcache.memcache._Host``),
narrowed to what can reach a server::

    uri   = "unix:" path                  unix:/run/memcached.sock
          | "inet6:[" ipv6 "]" [":" port] inet6:[::1]:11211
          | ["inet:"] host [":" port]     127.0.0.1:11211, cache, inet:h:1
    host  = letters, digits, ".", "-", "_" (a host name or IPv4 address)
    port  = 1 to 65535 (11211 when left out)

No spaces anywhere, no URL scheme (``memcache://``) and no weight: rez
passes ``memcached_uri`` as plain strings, and python-memcached takes a
weight only as a ``(uri, weight)`` tuple. The parser itself also takes a
host with spaces, port 0 or above 65535 (which raises ``OverflowError``
in every resolve) and a relative or empty socket path; these are refused
here too.

Package folders must be absolute for their platform: a relative one
would be read from the current folder of whichever process resolves, and
rez expands neither ``~`` nor environment variables in them.
"""
import ipaddress
import re
from typing import Optional

__all__ = [
    "LocationError",
    "RelativePathError",
    "check_memcached_uri",
    "check_absolute_path",
    "check_user_folder",
]

_UNIX = re.compile(r"unix:(?P<path>.*)\Z", re.DOTALL)
_INET6 = re.compile(
    r"inet6:\[(?P<host>[^\[\]]+)\](?::(?P<port>[0-9]+))?\Z"
)
_INET = re.compile(r"(?:inet:)?(?P<host>[^:]+)(?::(?P<port>[0-9]+))?\Z")
_HOST = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\Z")
_WINDOWS_ABSOLUTE = re.compile(
    r"[A-Za-z]:[\\/]"                   # C:\ or C:/
    r"|[\\/]{2}[^\\/]+[\\/][^\\/]+"     # \\server\share or //server/share
)

#: An example of each form, for messages.
MEMCACHED_EXAMPLE = "127.0.0.1:11211"
PATH_EXAMPLES = {
    "windows": r"P:\rez\packages or \\server\share\rez",
    "linux": "/mnt/pipeline/rez/packages",
    "darwin": "/Volumes/pipeline/rez/packages",
}


class LocationError(ValueError):
    """A memcached URI or package folder rez could not use as meant."""


class RelativePathError(LocationError):
    """A package folder that is not absolute for its platform.

    A standalone settings file may hold such folders (they are read
    relative to the file); settings from the server may not.
    """


def check_memcached_uri(uri: str) -> None:
    """Raise :class:`LocationError` unless ``uri`` names a memcached server.

    Args:
        uri: A memcached server, e.g. ``127.0.0.1:11211``.
    """
    if not isinstance(uri, str) or not uri.strip():
        raise LocationError("empty server address")
    if any(char.isspace() for char in uri):
        raise LocationError("contains spaces")
    if "://" in uri:
        raise LocationError(
            f"no URL scheme: write host:port, e.g. {MEMCACHED_EXAMPLE}"
        )
    match = _UNIX.match(uri)
    if match:
        if not match.group("path").startswith("/"):
            raise LocationError(
                "a unix socket needs an absolute path, e.g."
                " unix:/run/memcached/memcached.sock"
            )
        return
    match = _INET6.match(uri)
    if match:
        try:
            address = ipaddress.ip_address(match.group("host"))
        except ValueError:
            address = None
        if address is None or address.version != 6:
            raise LocationError(
                f"{match.group('host')!r} is not an IPv6 address"
            )
        _check_port(match.group("port"))
        return
    if uri.startswith(("inet6:", "[")):
        raise LocationError("write an IPv6 address in brackets, e.g."
                            " inet6:[::1]:11211")
    match = _INET.match(uri)
    if not match:
        raise LocationError(
            f"not host or host:port with a numeric port,"
            f" e.g. {MEMCACHED_EXAMPLE}"
        )
    if not _HOST.match(match.group("host")):
        raise LocationError(
            f"{match.group('host')!r} is not a host name or IPv4 address"
        )
    _check_port(match.group("port"))


def _check_port(port: Optional[str]) -> None:
    if port is not None and not 0 < int(port) < 65536:
        raise LocationError(f"port {port} is not between 1 and 65535")


def check_absolute_path(path: str, platform: str) -> None:
    """Raise :class:`LocationError` unless ``path`` is absolute there.

    Args:
        path: A folder, e.g. ``/mnt/pipeline/rez/packages``.
        platform: ``windows``, ``linux`` or ``darwin``.
    """
    if not isinstance(path, str) or not path.strip():
        raise LocationError("is empty")
    if path != path.strip():
        raise LocationError("has leading or trailing spaces")
    if path.startswith(("~", "$", "%")):
        raise LocationError(
            "starts with ~ or a variable, which rez does not expand here;"
            f" write an absolute path, e.g. {PATH_EXAMPLES[platform]}"
        )
    if platform == "windows":
        absolute = _WINDOWS_ABSOLUTE.match(path) is not None
        kind = "an absolute Windows path (a drive or a share)"
    else:
        absolute = path.startswith("/")
        kind = "an absolute path"
    if not absolute:
        raise RelativePathError(
            f"is not {kind}, e.g. {PATH_EXAMPLES[platform]}; a relative"
            " path would depend on the current folder of each process"
        )


def check_user_folder(path: str, platform: str) -> None:
    """Raise :class:`LocationError` unless ``path`` names a folder of
    each user there: absolute or under ``~``, ``{user}`` allowed.

    Args:
        path: A folder, e.g. ``~/.cache/ayon-rez`` or
            ``/var/tmp/ayon-rez-{user}``.
        platform: ``windows``, ``linux`` or ``darwin``.
    """
    if not isinstance(path, str) or path != path.strip():
        raise LocationError("has leading or trailing spaces")
    text = path.replace("{user}", "user")
    if "{" in text or "}" in text:
        raise LocationError("may use only the placeholder {user}")
    if text == "~" or text.startswith(("~/", "~\\")):
        return
    check_absolute_path(text, platform)
