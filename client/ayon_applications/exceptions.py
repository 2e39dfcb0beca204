"""Exceptions raised by the addon.

``ApplicationLaunchFailed`` is the one artists see: its message is shown as
is, without a traceback, so it must read as a complete explanation.
"""
from typing import Any, Optional, Sequence


class ApplicationNotFound(Exception):
    """No application with the given full name is defined.

    Args:
        app_name: The name asked for.
        suggestions: Full names it may have meant (the variants of its
            group, or the nearest names); listed in the message.
    """

    def __init__(
        self, app_name: str, suggestions: Optional[Sequence[str]] = None
    ) -> None:
        self.app_name = app_name
        self.suggestions = list(suggestions or [])
        message = f"Application \"{app_name}\" was not found in the settings"
        if self.suggestions:
            group = app_name.split("/", 1)[0]
            if all(name.startswith(f"{group}/") for name in self.suggestions):
                message += f"; the variants of \"{group}\" are: "
            else:
                message += "; did you mean: "
            message += ", ".join(self.suggestions)
        super().__init__(message)


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
