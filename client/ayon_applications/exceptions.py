"""Exceptions raised by the addon.

``ApplicationLaunchFailed`` is the one artists see: its message is shown as
is, without a traceback, so it must read as a complete explanation.
"""
from typing import Any, Optional


class ApplicationNotFound(Exception):
    """No application with the given full name is defined."""

    def __init__(self, app_name: str) -> None:
        self.app_name = app_name
        super().__init__(
            f"Application \"{app_name}\" was not found in the settings"
        )


class ApplicationExecutableNotFound(Exception):
    """The application's command is not found where it was looked for.

    Attributes:
        application: The application that could not be started.
        msg: One-line message.
        details: Longer explanation (where the command was looked for).
    """

    def __init__(
        self, application: Any, details: Optional[str] = None
    ) -> None:
        self.application = application
        full_name = getattr(application, "full_name", str(application))
        command = getattr(application, "command", None) or []
        command_name = command[0] if command else "<no command>"
        self.msg = (
            f"Command \"{command_name}\" of application \"{full_name}\""
            " was not found"
        )
        self.details = details
        message = self.msg
        if details:
            message = f"{message}\n{details}"
        super().__init__(message)


class ApplicationLaunchFailed(Exception):
    """A launch failed for a reason the user can act on.

    The message is shown to the artist as is.
    """


class MissingRequiredKey(KeyError):
    """Launch data lacks a key that environment preparation needs."""
