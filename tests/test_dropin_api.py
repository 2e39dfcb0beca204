"""The object API of Ynput's Applications addon 1.4.4, on this addon.

Rows written from reading its ``defs.py``, ``manager.py``,
``exceptions.py`` and ``addon.py``: every public attribute and method of
the definition classes, the manager and the exceptions, with what it
gives. Where values differ by design (executables come from rez), the
row checks the kind of value code relies on.
"""
import os

import pytest

from ayon_applications import (
    Application,
    ApplicationExecutable,
    ApplicationExecutableNotFound,
    ApplicationGroup,
    ApplicationManager,
    EnvironmentTool,
    EnvironmentToolGroup,
)
from tests.fixtures.launch import (
    addon_settings,
    app_group,
    tool,
    tool_group,
    variant,
)


@pytest.fixture
def manager():
    settings = addon_settings(
        ["/nowhere"],
        [
            app_group("maya", [variant("2024", ["maya-2024"]),
                               variant("2025", ["maya-2025"])],
                      host_name="maya", environment={"G": "1"}),
            app_group("nuke", [variant("9", ["nuke-9"]),
                               variant("10", ["nuke-10"])]),
        ],
        tools=[tool_group("mtoa", [tool("5.4", ["mtoa-5.4"],
                                        host_names=["maya"])])],
    )
    settings["applications"][0]["icon"] = "maya.svg"
    return ApplicationManager({"applications": settings})


# (expression, expected: a value, a type, or a predicate)
ROWS = [
    # ApplicationManager
    ("type(manager.applications)", dict),
    ("sorted(manager.applications)",
     ["maya/2024", "maya/2025", "nuke/10", "nuke/9"]),
    ("type(manager.app_groups['maya'])", ApplicationGroup),
    ("type(manager.tool_groups['mtoa'])", EnvironmentToolGroup),
    ("type(manager.tools['mtoa/5.4'])", EnvironmentTool),
    ("manager.get_app_label('maya')", "Maya"),
    ("manager.get_app_label('unknown')", "unknown"),
    ("manager.get_app_icon('maya')", "maya.svg"),
    ("manager.get_app_icon('unknown')", None),
    ("manager.find_latest_available_variant_for_group('maya').full_name",
     "maya/2025"),
    ("manager.find_latest_available_variant_for_group('unknown')", None),
    # ApplicationGroup
    ("app_group.name", "maya"),
    ("app_group.label", "Maya"),
    ("app_group.icon", "maya.svg"),
    ("app_group.enabled", True),
    ("app_group.host_name", "maya"),
    ("app_group.is_host", True),
    ("sorted(app_group.variants)", ["2024", "2025"]),
    ("[app.name for app in app_group]", ["2024", "2025"]),
    ("app_group.environment", {"G": "1"}),
    ("app_group.manager is manager", True),
    ("manager.app_groups['nuke'].is_host", False),
    ("manager.app_groups['nuke'].host_name", None),
    # Application
    ("type(app)", Application),
    ("app.name", "2025"),
    ("app.full_name", "maya/2025"),
    ("app.label", "2025"),
    ("app.full_label", "Maya 2025"),
    ("app.group is app_group", True),
    ("app.enabled", True),
    ("app.host_name", "maya"),
    ("app.icon", "maya.svg"),
    ("app.is_host", True),
    ("app.arguments", []),
    ("app.environment", {}),
    ("app.use_python_2", False),
    ("type(app.redirect_output)", bool),
    ("[type(e) for e in app.executables]", [ApplicationExecutable]),
    ("type(app.find_executable())", ApplicationExecutable),
    ("callable(app.launch)", True),
    ("app.manager is manager", True),
    # EnvironmentToolGroup / EnvironmentTool
    ("tool_group.name", "mtoa"),
    ("tool_group.label", "Mtoa"),
    ("list(tool_group.variants)", ["5.4"]),
    ("tool_group.environment", {}),
    ("tool.name", "5.4"),
    ("tool.full_name", "mtoa/5.4"),
    ("tool.variant_label", "5.4"),
    ("tool.label", "Mtoa 5.4"),
    ("tool.group is tool_group", True),
    ("tool.host_names", ["maya"]),
    ("tool.app_variants", []),
    ("tool.environment", {}),
    ("tool.is_valid_for_app(app)", True),
    ("tool.is_valid_for_app(manager.applications['nuke/10'])", False),
    # ApplicationExecutableNotFound
    ("not_found.application is app", True),
    ("not_found.msg.splitlines()[0] == not_found.msg", True),
    ("not_found.details", "looked on PATH"),
    ("not_found.exc_msg == str(not_found)", True),
    ("not_found.msg in not_found.exc_msg", True),
]


def test_object_api_as_ynputs(manager):
    app = manager.applications["maya/2025"]
    names = {
        "manager": manager,
        "app_group": manager.app_groups["maya"],
        "app": app,
        "tool_group": manager.tool_groups["mtoa"],
        "tool": manager.tools["mtoa/5.4"],
        "not_found": ApplicationExecutableNotFound(app, "looked on PATH"),
    }
    wrong = []
    for expression, expected in ROWS:
        value = eval(expression, dict(names))  # noqa: S307
        if isinstance(expected, type) and expected is not bool:
            ok = value is expected or isinstance(value, expected)
        else:
            ok = value == expected
        if not ok:
            wrong.append(f"{expression} -> {value!r}")
    assert not wrong, "\n".join(wrong)


def test_natural_order_picks_the_highest_variant(manager):
    # Ynput sorts the names as strings ("9" after "10"); this addon
    #   reads digits as numbers, so nuke 10 is the latest
    latest = manager.find_latest_available_variant_for_group("nuke")
    assert latest.full_name == "nuke/10"


def test_set_studio_settings_rebuilds_the_definitions(manager):
    settings = addon_settings(
        ["/nowhere"], [app_group("houdini", [variant("20", ["houdini"])])]
    )
    manager.set_studio_settings({"applications": settings})
    assert sorted(manager.applications) == ["houdini/20"]
    assert manager.get_app_label("houdini") == "Houdini"


def test_app_icon_url_of_an_item_icon(applications_addon_class, monkeypatch):
    """``get_app_icon_url`` takes the icon of an application item too
    (``{"type": "ayon_url", "url": ".../icons/<file>"}``), as Ynput's."""
    addon = applications_addon_class(None, {})
    monkeypatch.setenv("AYON_WEBSERVER_URL", "http://localhost:8079")
    item_icon = {"type": "ayon_url",
                 "url": "api/addons/applications/2.0.0+rez/icons/maya.svg"}
    assert addon.get_app_icon_url(item_icon) == (
        "http://localhost:8079/addons/applications/icons/maya.svg"
    )
    assert addon.get_app_icon_url({"type": "url"}) is None
    assert addon.get_app_icon_url({"url": 5}) is None


def test_tool_environments_apply_in_ynputs_order():
    """Ynput's ``prepare_app_environments`` applies the tools' JSON
    environments by group name, then tool name, whatever the profile's
    order: with both setting a variable, the later in that order wins."""
    from ayon_applications.environment import apply_app_environments

    settings = addon_settings(
        ["/nowhere"], [app_group("maya", [variant("2025", ["maya"])])],
        tools=[
            tool_group("zeta", [tool("1", [], environment={
                "SHARED": "zeta", "ZETA": "z"})],
                environment={"GROUP_SHARED": "zeta group"}),
            tool_group("alpha", [
                tool("2", [], environment={"SHARED": "alpha 2"}),
                tool("1", [], environment={"SHARED": "alpha 1"}),
            ], environment={"GROUP_SHARED": "alpha group"}),
        ],
    )
    manager = ApplicationManager({"applications": settings})
    tools = [manager.tools[name] for name in ("zeta/1", "alpha/2",
                                              "alpha/1")]
    env = apply_app_environments({}, manager.applications["maya/2025"],
                                 tools)
    assert env["SHARED"] == "zeta"
    assert env["GROUP_SHARED"] == "zeta group"
    assert env["ZETA"] == "z"
    assert env["AYON_APP_TOOLS"] == "zeta/1;alpha/2;alpha/1"
    reordered = apply_app_environments(
        {}, manager.applications["maya/2025"], list(reversed(tools))
    )
    assert reordered["SHARED"] == "zeta"


# module -> names Ynput's 1.4.4 defines there that code imports from it
MODULE_NAMES = {
    "ayon_applications.manager": [
        "ApplicationManager", "ApplicationLaunchContext", "Application",
        "ApplicationGroup", "EnvironmentTool", "EnvironmentToolGroup",
    ],
    "ayon_applications.utils": [
        "parse_environments", "EnvironmentPrepData",
        "get_app_environments_for_context", "get_applications_for_context",
        "get_tools_for_context", "prepare_app_environments",
        "apply_project_environments_value", "prepare_context_environments",
        "get_app_icon_path", "ApplicationManager",
    ],
    "ayon_applications.exceptions": [
        "ApplicationNotFound", "ApplicationExecutableNotFound",
        "ApplicationLaunchFailed", "MissingRequiredKey",
    ],
    "ayon_applications.constants": [
        "APPLICATIONS_ADDON_ROOT", "PLATFORM_NAMES", "DEFAULT_ENV_SUBGROUP",
    ],
    "ayon_applications.hooks": [
        "LaunchHook", "PreLaunchHook", "PostLaunchHook",
    ],
}


@pytest.mark.parametrize("module_name, names", MODULE_NAMES.items())
def test_names_import_from_ynputs_modules(module_name, names):
    import importlib

    module = importlib.import_module(module_name)
    assert [name for name in names if not hasattr(module, name)] == []


def test_utils_helpers_of_ynputs():
    from ayon_applications import utils

    assert utils.parse_environments(
        {"A": {"farm": "f", "standard": ["x", "y"]}, "B": {"windows": "w"}},
        "standard", "linux",
    ) == {"A": f"x{os.pathsep}y"}
    with pytest.warns(DeprecationWarning):
        assert utils.get_app_icon_path("nothing_shipped.png") is None


def test_get_tools_for_context_as_deadline_calls_it(manager):
    """ayon-deadline's ``CollectDeadlineJobExtraInfo`` calls it with
    keywords and the publish context's project settings."""
    from ayon_applications.utils import get_tools_for_context

    settings = {"applications": dict(manager.settings)}
    settings["applications"]["project_tools"] = {"profiles": [{
        "task_types": ["Animation"], "task_names": [], "folder_paths": [],
        "tools": ["mtoa/5.4"],
    }]}
    tools = get_tools_for_context(
        project_name="show",
        folder_entity={"path": "/shots/sh010", "name": "sh010"},
        task_entity={"name": "animation", "taskType": "Animation"},
        project_settings=settings,
    )
    assert tools == ["mtoa/5.4"]
