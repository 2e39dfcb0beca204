"""STAND-IN for ``ayon_core.addon.click_wrap`` (cannot be installed from
the package index).

Real ayon-core lets addons declare click commands without importing click:
``group``/``command`` build ``Group``/``Command`` objects, ``option`` and
``argument`` record parameters (as decorators or chained methods), and
``Command.to_click_obj()`` converts the tree to real click objects.

Same names and signatures here. The test environment has no ``click``, so
``convert_to_click`` hands back the wrap object itself when click cannot be
imported (stand-in behaviour), and ``run(command, args)`` (STAND-IN ONLY)
parses arguments the way click would and calls the callbacks.
"""
import collections

FUNC_ATTR_NAME = "__ayon_cli_options__"


class UsageError(Exception):
    """STAND-IN ONLY: bad command line (click exits with code 2)."""


class Command:
    def __init__(self, func, *args, **kwargs):
        self._func = func
        self._args = args
        self._kwargs = kwargs
        # Options and arguments in declaration order
        self._options = list(getattr(func, FUNC_ATTR_NAME, []))

    def to_click_obj(self):
        return convert_to_click(self)

    def get_args(self):
        return self._args

    def get_kwargs(self):
        return self._kwargs

    def get_func(self):
        return self._func

    def iter_options(self):
        yield from self._options

    def add_option(self, *args, **kwargs):
        return self.add_option_by_type("option", *args, **kwargs)

    def add_argument(self, *args, **kwargs):
        return self.add_option_by_type("argument", *args, **kwargs)

    option = add_option
    argument = add_argument

    def add_option_by_type(self, option_name, *args, **kwargs):
        self._options.append((option_name, args, kwargs))
        return self

    # --- stand-in helpers ---
    @property
    def name(self):
        """Command name as click derives it."""
        name = self._kwargs.get("name")
        if not name and self._args and isinstance(self._args[0], str):
            name = self._args[0]
        if not name:
            name = self._func.__name__.lower().replace("_", "-")
        return name


class Group(Command):
    def __init__(self, func, *args, **kwargs):
        super().__init__(func, *args, **kwargs)
        self._commands = []

    def iter_commands(self):
        yield from self._commands

    def add_command(self, command):
        if command not in self._commands:
            self._commands.append(command)

    def add_group(self, group):
        if group not in self._commands:
            self._commands.append(group)

    def command(self, *args, **kwargs):
        return self._add_new(Command, *args, **kwargs)

    def group(self, *args, **kwargs):
        return self._add_new(Group, *args, **kwargs)

    def _add_new(self, target_cls, *args, **kwargs):
        func, args = _split_func(args)

        def decorator(_func):
            item = target_cls(_func, *args, **kwargs)
            self._commands.append(item)
            return item

        if func is not None:
            return decorator(func)
        return decorator


def _split_func(args):
    if args and callable(args[0]):
        return args[0], tuple(args[1:])
    return None, tuple(args)


def convert_to_click(obj_to_convert):
    """Convert the wrap tree to click objects.

    Stand-in: returns ``obj_to_convert`` unchanged if click is missing.
    """
    try:
        import click
    except ImportError:
        return obj_to_convert

    queue = collections.deque([(obj_to_convert, None)])
    top_obj = None
    while queue:
        command_obj, parent_obj = queue.popleft()
        if not isinstance(command_obj, Command):
            raise TypeError(
                f"Invalid type '{type(command_obj)}' expected 'Command'"
            )
        factory = click.group if isinstance(command_obj, Group) else (
            click.command
        )
        click_obj = factory(
            *command_obj.get_args(), **command_obj.get_kwargs()
        )(command_obj.get_func())
        for option_name, args, kwargs in command_obj.iter_options():
            if option_name == "option":
                click.option(*args, **kwargs)(click_obj)
            elif option_name == "argument":
                click.argument(*args, **kwargs)(click_obj)
            else:
                raise ValueError(f"Invalid option name '{option_name}'")
        if top_obj is None:
            top_obj = click_obj
        if parent_obj is not None:
            parent_obj.add_command(click_obj)
        if isinstance(command_obj, Group):
            for child in command_obj.iter_commands():
                queue.append((child, click_obj))
    return top_obj


def group(*args, **kwargs):
    func, args = _split_func(args)

    def decorator(_func):
        return Group(_func, *args, **kwargs)

    if func is not None:
        return decorator(func)
    return decorator


def command(*args, **kwargs):
    func, args = _split_func(args)

    def decorator(_func):
        return Command(_func, *args, **kwargs)

    if func is not None:
        return decorator(func)
    return decorator


def argument(*args, **kwargs):
    def decorator(func):
        return _add_option_to_func(func, "argument", *args, **kwargs)
    return decorator


def option(*args, **kwargs):
    def decorator(func):
        return _add_option_to_func(func, "option", *args, **kwargs)
    return decorator


def _add_option_to_func(func, option_name, *args, **kwargs):
    if isinstance(func, Command):
        func.add_option_by_type(option_name, *args, **kwargs)
        return func
    if not hasattr(func, FUNC_ATTR_NAME):
        setattr(func, FUNC_ATTR_NAME, [])
    # Appended as applied (bottom-up for decorators), as ayon-core does
    getattr(func, FUNC_ATTR_NAME).append((option_name, args, kwargs))
    return func


# --- STAND-IN ONLY: a tiny click-like runner -----------------------------
class _Param:
    def __init__(self, kind, decls, kwargs):
        self.kind = kind
        self.kwargs = kwargs
        self.flags = [d for d in decls if d.startswith("-")]
        names = [d for d in decls if not d.startswith("-")]
        if names:
            self.name = names[0]
        else:
            longest = max(
                (d.split("/")[0] for d in self.flags), key=len
            )
            self.name = longest.lstrip("-")
        self.name = self.name.replace("-", "_").lower()
        self.is_flag = bool(kwargs.get("is_flag"))
        self.multiple = bool(kwargs.get("multiple"))
        self.nargs = kwargs.get("nargs", 1)
        default_required = kind == "argument" and "default" not in kwargs
        self.required = kwargs.get("required", default_required)

    def default(self):
        if "default" in self.kwargs:
            value = self.kwargs["default"]
            return value() if callable(value) else value
        if self.is_flag:
            return False
        if self.multiple or self.nargs == -1:
            return ()
        return None

    def convert(self, value):
        value_type = self.kwargs.get("type")
        if value_type is None:
            return value
        # As click: a plain function is a FuncParamType, called with the
        #   value (its ValueError is a usage error), whatever attributes
        #   it has; a click.Choice-like object checks its choices.
        choices = getattr(value_type, "choices", None)
        if choices is not None and not callable(value_type):
            if value not in choices:
                raise UsageError(
                    f"Invalid value for '{self.name}': {value!r} is not"
                    f" one of {', '.join(map(repr, choices))}."
                )
            return value
        try:
            return value_type(value)
        except (TypeError, ValueError) as exc:
            raise UsageError(
                f"Invalid value for '{self.name}': {exc}"
            ) from exc


def _parse(command_obj, args):
    """Parse ``args`` for one command; returns (kwargs, remaining args)."""
    params = [_Param(k, a, kw) for k, a, kw in command_obj.iter_options()]
    by_flag = {}
    for param in params:
        for flag in param.flags:
            by_flag[flag.split("/")[0]] = param
    positional = [p for p in params if p.kind == "argument"]
    values = {}
    pos_values = []
    args = list(args)
    is_group = isinstance(command_obj, Group)
    while args:
        item = args.pop(0)
        if item == "--":
            pos_values.extend(args)
            args = []
            break
        if item.startswith("-") and item != "-":
            flag, sep, inline = item.partition("=")
            param = by_flag.get(flag)
            if param is None:
                raise UsageError(f"No such option: {flag}")
            if param.is_flag:
                value = True
            elif sep:
                value = inline
            elif args:
                value = args.pop(0)
            else:
                raise UsageError(f"Option '{flag}' requires an argument.")
            value = param.convert(value) if not param.is_flag else value
            if param.multiple:
                values.setdefault(param.name, []).append(value)
            else:
                values[param.name] = value
            continue
        if is_group and len(pos_values) >= len(positional):
            args.insert(0, item)
            break
        pos_values.append(item)

    for param in positional:
        if param.nargs == -1:
            values[param.name] = tuple(
                param.convert(v) for v in pos_values
            )
            pos_values = []
        elif pos_values:
            values[param.name] = param.convert(pos_values.pop(0))
    if pos_values:
        raise UsageError(
            f"Got unexpected extra argument(s) ({' '.join(pos_values)})"
        )
    for param in params:
        if param.name not in values:
            if param.required:
                raise UsageError(f"Missing parameter: {param.name}")
            values[param.name] = param.default()
        elif param.multiple:
            values[param.name] = tuple(values[param.name])
    return values, args


def invoke(command_obj, args):
    """STAND-IN ONLY: parse ``args`` and call the callbacks, like click.

    A group's callback runs first, then the chosen sub-command's.

    Returns:
        Any: Return value of the last callback.

    Raises:
        UsageError: Invalid command line.
    """
    kwargs, rest = _parse(command_obj, args)
    result = command_obj.get_func()(**kwargs)
    if not isinstance(command_obj, Group):
        return result
    if not rest:
        raise UsageError("Missing command.")
    name = rest.pop(0)
    for child in command_obj.iter_commands():
        if child.name == name:
            return invoke(child, rest)
    raise UsageError(f"No such command '{name}'.")


def run(command_obj, args):
    """STAND-IN ONLY: ``invoke`` with click's standalone exit codes.

    Returns:
        int: 0 on success, 2 on a usage error, the code of ``SystemExit``.
    """
    try:
        invoke(command_obj, args)
    except UsageError as exc:
        print(f"Error: {exc}")
        return 2
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code)
        return 1
    return 0
