"""A solved rez context for one launch: its environment, aliases, the
origin of each variable and its resolve graph, read from rez."""
import re
from typing import Any, Dict, List, Optional, Sequence

from ..config_scope import config_values, scoped_config
from ..package_faults import guard_package_code, vanished_failure
from ..resolve_errors import failure
from ..solved_context import SolvedContext
from .config import settings_config
from .package_files import package_file_cache

#: rez's comment before a package's variables or commands (``get_actions``).
_PACKAGE_COMMENT_RE = re.compile(
    r"^(?:variables for package|(?:pre_|post_)?commands from package)"
    r" (\S+?)(?:\[\d*\])?$"
)


class Resolution(SolvedContext):
    """A solved rez context for one launch, with what needs rez to read
    (see :class:`SolvedContext` for the arguments)."""

    # Set by environ(): aliases are interpreted on the same parent.
    _parent: Optional[Dict[str, str]] = None
    _parent_variables: Sequence[str] = ()
    _aliases: Optional[Dict[str, str]] = None
    _actions_read: Optional[List[Any]] = None

    @property
    def effective_config(self) -> Dict[str, Any]:
        """The rez config values of the resolve (``resolve`` shows them)."""
        return config_values(settings_config(self.rez_settings))

    def environ(
        self,
        parent: Dict[str, str],
        parent_variables: Sequence[str] = (),
    ) -> Dict[str, str]:
        """The full environment: ``parent`` with the context applied.

        Args:
            parent: The environment the context is applied on.
            parent_variables: Variables that packages extend rather than
                replace (for example ``PATH``, ``PYTHONPATH``), as rez's
                ``parent_variables`` setting.

        Raises:
            ApplicationLaunchFailed: A package's ``commands()`` failed,
                or a resolved package's folder is gone.
        """
        # An empty parent value would leave a dangling separator.
        self._parent = dict(parent)
        self._parent_variables = [
            name for name in parent_variables if parent.get(name)
        ]
        self._aliases = None
        # The launch reads the aliases (its command may be one) and
        #   ``resolve`` the variables' origins next: the actions come from
        #   the same interpretation, not from a second one.
        rez_env, self._actions_read = self._interpret(
            lambda context: _environ_and_actions(context, parent)
        )
        gone = self.vanished_roots(rez_env)
        if gone:
            raise vanished_failure(self.subject, self.request, gone)
        env = dict(parent)
        env.update({key: str(value) for key, value in rez_env.items()})
        return env

    def aliases(self) -> Dict[str, str]:
        """Aliases the resolved packages define (``alias()`` in their
        commands), name to text, as rez's own actions of the context
        give them; interpreted on the last :meth:`environ` parent.

        Raises:
            ApplicationLaunchFailed: A package's ``commands()`` failed.
        """
        if self._aliases is None:
            from rez.rex import Alias

            self._aliases = {}
            for action in self._actions():
                if isinstance(action, Alias):
                    name, text = action.args[0], action.args[1]
                    self._aliases[str(name)] = str(text)
        return dict(self._aliases)

    def variable_origins(self) -> Dict[str, List[str]]:
        """Which package set each variable of the last :meth:`environ`.

        Read from the actions rez records while it applies the context
        (the comment before each package's variables and commands names
        it); for ``resolve``.

        Returns:
            ``{variable: ["rez package maya-2025.1", ...]}``; rez's own
            variables are ``"rez context"``, the system paths it appends
            ``"rez (system paths)"``.
        """
        from rez.rex import Comment, EnvAction

        origin = "rez context"
        origins: Dict[str, List[str]] = {}
        for action in self._actions():
            if isinstance(action, Comment):
                text = str(action.args[0]) if action.args else ""
                match = _PACKAGE_COMMENT_RE.match(text)
                if match:
                    origin = f"rez package {match.group(1)}"
                elif text == "post system setup":
                    origin = "rez (system paths)"
            elif isinstance(action, EnvAction):
                names = origins.setdefault(action.key, [])
                if origin not in names:
                    names.append(origin)
        return origins

    def _actions(self) -> List[Any]:
        """rez's actions of the context on the last :meth:`environ`
        parent (read once)."""
        if self._actions_read is None:
            self._actions_read = self._interpret(
                lambda context: context.get_actions(
                    parent_environ=self._parent or {}
                )
            )
        return self._actions_read

    def graph_dot(self) -> str:
        """rez's resolve graph of the context, as Graphviz dot text."""
        return self.context.graph(as_dot=True)

    def _interpret(self, call: Any) -> Any:
        from rez.exceptions import RezError

        config = settings_config(self.rez_settings, self._parent_variables)
        try:
            with scoped_config(config), guard_package_code(
                self.subject, self.request, self.rez_settings.search_paths
            ), package_file_cache(self.rez_settings):
                return call(self.context)
        except (RezError, ValueError, TypeError, NameError) as exc:
            raise failure(
                self.subject,
                self.request,
                "rez could not make the environment of the resolved"
                f" packages ({type(exc).__name__})",
                str(exc),
            ) from None


def _environ_and_actions(
    context: Any, parent: Dict[str, str]
) -> "tuple[Dict[str, str], Optional[List[Any]]]":
    """What rez's ``get_environ`` and ``get_actions`` return, from one
    interpretation of the packages' ``commands()``.

    Both run the same interpretation and keep one of its outputs; a
    launch needs both (the environment, then the aliases its command may
    be), and the interpretation is as slow as loading every resolved
    package. Without rez's executor methods (another rez version): the
    environment alone (the actions are then interpreted when asked).
    """
    create = getattr(context, "_create_executor", None)
    execute = getattr(context, "_execute", None)
    if create is None or execute is None or not context.success:
        return context.get_environ(parent_environ=parent), None
    from rez.rex import Python

    executor = create(Python(target_environ={}, passive=True), parent)
    execute(executor)
    return executor.get_output(), executor.actions
