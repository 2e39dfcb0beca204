"""Whether this process has an AYON server to ask.

Inside the AYON launcher the connection exists. The standalone command
line (``python -m ayon_applications``) has one only when
``AYON_SERVER_URL`` is set; a command that reads the server without it
ends in :func:`require_server`'s message, not in ayon-python-api's
``Invalid server URL None``.
"""
import os

from .exceptions import ApplicationLaunchFailed


def has_server() -> bool:
    """A connection exists, or ``AYON_SERVER_URL`` says where to open
    one."""
    import ayon_api

    return bool(
        ayon_api.is_connection_created() or os.environ.get("AYON_SERVER_URL")
    )


def require_server(action: str) -> None:
    """Refuse ``action`` (e.g. ``read task "x" of project "p"``) without
    a server.

    Raises:
        ApplicationLaunchFailed: No AYON server to ask.
    """
    if not has_server():
        raise ApplicationLaunchFailed(
            f"Cannot {action}: that needs the AYON server, and none is set."
            " Run the command inside AYON (ayon addon applications ...),"
            " or set AYON_SERVER_URL and AYON_API_KEY"
        )
