"""Exceptions raised by the addon.

``ApplicationLaunchFailed`` is the one artists see: its message is shown as
is, without a traceback, so it must read as a complete explanation.
"""
from typing import Any, Optional, Sequence


class ApplicationLaunchFailed(Exception):
    """A launch failed for a reason the user can act on.

    The message is shown to the artist as is.
    """


#: Applications an unknown-application message lists at most.
MAX_LISTED_APPLICATIONS = 10


def settings_of(project_name: Optional[str]) -> str:
    """Which settings a message is about: a project's or the studio's."""
    if project_name:
        return f"the settings of project \"{project_name}\""
    return "the studio settings"


class ApplicationNotFound(Exception):
    """No application with the given full name is defined.

    Args:
        app_name: The name asked for.
        suggestions: Full names it may have meant (the variants of its
            group, or the nearest names); listed in the message.
        project_name: The project whose settings were searched.
        available: Every application there, listed when nothing is
            near the name asked for.
    """

    def __init__(
        self,
        app_name: str,
        suggestions: Optional[Sequence[str]] = None,
        project_name: Optional[str] = None,
        available: Optional[Sequence[str]] = None,
    ) -> None:
        self.app_name = app_name
        self.project_name = project_name
        self.suggestions = list(suggestions or [])
        message = (
            f"Application \"{app_name}\" was not found in"
            f" {settings_of(project_name)}"
        )
        if self.suggestions:
            group = app_name.split("/", 1)[0]
            if all(name.startswith(f"{group}/") for name in self.suggestions):
                message += f"; the variants of \"{group}\" are: "
            else:
                message += "; did you mean: "
            message += ", ".join(self.suggestions)
        elif available:
            listed = list(available)[:MAX_LISTED_APPLICATIONS]
            more = len(available) - len(listed)
            message += "; the applications there are: " + ", ".join(listed)
            if more > 0:
                message += f" and {more} more"
        else:
            message += ", which define no application"
        super().__init__(message)


class ApplicationDisabled(ApplicationLaunchFailed):
    """The application (or its group) is disabled in the settings.

    Args:
        application: The disabled application.
        project_name: The project whose settings disable it.
    """

    def __init__(
        self, application: Any, project_name: Optional[str] = None
    ) -> None:
        self.application = application
        group = application.group
        if not group.enabled:
            why = (
                f"its group \"{group.name}\" is disabled:"
                f" applications[{group.name}].enabled"
            )
        else:
            why = f"{application.settings_path}.enabled"
        super().__init__(
            f"Application \"{application.full_name}\" is disabled in"
            f" {settings_of(project_name)} ({why})"
        )


class ApplicationExecutableNotFound(Exception):
    """The application's command is not found where it was looked for.

    Attributes:
        application: The application that could not be started.
        msg: One-line message.
        details: Longer explanation (where the command was looked for);
            by default, for an application without a command, where to
            set one.
        exc_msg: The whole message (``msg`` and ``details``).
    """

    def __init__(
        self, application: Any, details: Optional[str] = None
    ) -> None:
        self.application = application
        full_name = getattr(application, "full_name", str(application))
        command = getattr(application, "command", None) or []
        settings_path = getattr(application, "settings_path", None)
        if command:
            self.msg = (
                f"Command \"{command[0]}\" of application \"{full_name}\""
                " was not found"
            )
        else:
            self.msg = (
                f"Application \"{full_name}\" has no command in the"
                " settings"
            )
            if details is None and settings_path:
                details = (
                    f"Set {settings_path}.command (or command_per_platform"
                    " for this platform)."
                )
        self.details = details
        message = self.msg
        if details:
            message = f"{message}\n{details}"
        #: The whole message, as Ynput's addon names it.
        self.exc_msg = message
        super().__init__(message)


class MissingRequiredKey(KeyError):
    """Launch data lacks a key that environment preparation needs."""
