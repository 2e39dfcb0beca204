"""``ayon addon applications ...``: the command table (``commands``) as
ayon-core's ``click_wrap`` commands.

The AYON launcher takes the first ``--bundle NAME`` of its command line
for itself (it then runs that bundle, so ``rezify-bundle`` packages it
as the running one); ``--bundle-name`` reaches the command as given.
"""
import sys
from typing import Any, Callable, Dict

from . import cli
from .commands import COMMANDS, Command, Param
from .failures import report_failure, run_guarded


def choice_type(
    choices: Any, ignore_case: bool = False
) -> Callable[[str], str]:
    """A click parameter type accepting only ``choices`` (in any case
    with ``ignore_case``, given to the body in lower case).

    click_wrap passes options to click unchanged and addons must not
    import click (the launcher's may differ from a host's), so this is a
    plain function: click calls it to convert a value and reports its
    ``ValueError`` as a usage error (exit code 2).
    """
    allowed = tuple(choices)

    def choice(value: str) -> str:
        if ignore_case:
            value = value.lower()
        if value not in allowed:
            raise ValueError(
                f"{value!r} is not one of {', '.join(map(repr, allowed))}"
            )
        return value

    choice.choices = allowed  # type: ignore[attr-defined]
    return choice


def click_options(param: Param) -> Dict[str, Any]:
    """click's keyword arguments of a parameter."""
    if param.is_argument:
        return {}  # click's arguments take no help; their name shows
    kwargs: Dict[str, Any] = {
        "help": param.help,
        "required": param.required,
        "default": param.default,
    }
    if param.is_flag:
        kwargs["is_flag"] = True
    if param.multiple:
        kwargs["multiple"] = True
    if param.choices:
        kwargs["type"] = choice_type(param.choices, param.ignore_case)
        # click names a function type by its name: show the choices
        kwargs["help"] = f"{param.help} ({', '.join(param.choices)})"
    return kwargs


def _callback(addon: Any, command: Command) -> Callable[..., None]:
    """click's callback of a command: its body with the addon's manager;
    a failure is shown (stderr, dialog) and exits non-zero."""

    def run(**values: Any) -> None:
        cli.ensure_log_output()
        if command.prepares_process:
            addon.ensure_process_ready(values.get("project_name"))
        code = run_guarded(
            lambda: command.body(addon.get_applications_manager(), **values),
            report_failure,
        )
        if code:
            sys.exit(code)

    run.__name__ = command.name.replace("-", "_")
    run.__doc__ = command.help
    return run


def build_click_group(addon: Any) -> Any:
    """The ``applications`` click group of ``addon``."""
    from ayon_core.addon import click_wrap

    def main() -> None:
        """Launch applications through rez."""

    group = click_wrap.group(main, name=addon.name, help=main.__doc__)
    for command in COMMANDS:
        wrapped = group.command(
            _callback(addon, command), name=command.name, help=command.help
        )
        for param in command.params:
            if param.is_argument:
                wrapped.argument(param.dest)
            else:
                wrapped.option(
                    *param.decls, param.dest, **click_options(param)
                )
    return group.to_click_obj()
