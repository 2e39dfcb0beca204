"""The ``ayon_core`` stand-in keeps ayon-core's real names and meaning.

ayon-core cannot be installed from the package index, so the addon's tests
use the stand-in in ``tests/standins/core``. These tests pin it to the real
signatures (read from ynput/ayon-core) and to the behaviour the addon
relies on: settings through ayon-python-api, ``filter_profiles``, addon
CLI wrapping, workdir/workfile helpers and the ``pre_global_host_data``
hook shape.
"""
import importlib
import importlib.util
import inspect
import json
import os
import sys
import types

import pytest


def _params(func):
    return [
        (name, param.kind.name, param.default)
        for name, param in inspect.signature(func).parameters.items()
    ]


def _names(func):
    return list(inspect.signature(func).parameters)


# --- importability ------------------------------------------------------
def test_ayon_core_is_not_importable_without_the_fixture():
    assert "ayon_core" not in sys.modules
    assert importlib.util.find_spec("ayon_core") is None
    with pytest.raises(ImportError):
        importlib.import_module("ayon_core")


def test_fixture_yields_the_stand_in(ayon_core_standin):
    assert ayon_core_standin.__name__ == "ayon_core"
    assert os.path.isdir(ayon_core_standin.AYON_CORE_ROOT)
    assert os.path.isdir(
        os.path.join(ayon_core_standin.AYON_CORE_ROOT, "hooks")
    )
    assert isinstance(ayon_core_standin.__version__, str)


# --- signatures as in ynput/ayon-core ------------------------------------
EMPTY = inspect.Parameter.empty


def test_addon_signatures(ayon_core_standin):
    from ayon_core.addon import (
        AddonsManager,
        AYONAddon,
        IHostAddon,
        IPluginPaths,
        ITrayAction,
        ITrayAddon,
        ensure_addons_are_process_ready,
    )

    assert _names(AYONAddon.__init__) == ["self", "manager", "settings"]
    assert _names(AYONAddon.initialize) == ["self", "settings"]
    assert _names(AYONAddon.connect_with_addons) == [
        "self", "enabled_addons",
    ]
    assert _names(AYONAddon.cli) == ["self", "addon_click_group"]
    assert _names(AYONAddon.modify_application_launch_arguments) == [
        "self", "application", "env",
    ]
    # Addons define it themselves; the base class does not have it
    assert not hasattr(AYONAddon, "get_launch_hook_paths")
    assert inspect.isabstract(AYONAddon)

    # 'addons' is the stand-in-only way to give addons to the manager
    assert _names(AddonsManager.__init__) == [
        "self", "settings", "initialize", "addons",
    ]
    for name in (
        "get", "get_enabled_addon", "get_enabled_addons", "get_host_addon",
        "__getitem__", "collect_publish_plugin_paths",
    ):
        assert callable(getattr(AddonsManager, name))
    assert not hasattr(AddonsManager, "collect_launch_hook_paths")

    assert _names(IPluginPaths.get_plugin_paths) == ["self"]
    for name in (
        "get_create_plugin_paths", "get_load_plugin_paths",
        "get_publish_plugin_paths", "get_inventory_action_paths",
    ):
        assert _names(getattr(IPluginPaths, name)) == ["self", "host_name"]
    assert issubclass(ITrayAction, ITrayAddon)
    assert {"label", "on_action_trigger"} <= ITrayAction.__abstractmethods__
    assert "host_name" in IHostAddon.__abstractmethods__
    assert _names(ensure_addons_are_process_ready)[:4] == [
        "addon_name", "addon_version", "project_name", "headless",
    ]


def test_lib_settings_pipeline_signatures(ayon_core_standin):
    from ayon_core.lib import (
        Logger,
        env_value_to_bool,
        filter_profiles,
        get_ayon_launcher_args,
        is_headless_mode_enabled,
        run_ayon_launcher_process,
    )
    from ayon_core.pipeline import Anatomy
    from ayon_core.pipeline.template_data import get_template_data
    from ayon_core.pipeline.workfile import (
        get_last_workfile,
        get_workdir_with_workdir_data,
        get_workfile_template_key,
        should_open_workfiles_tool_on_launch,
        should_use_last_workfile_on_launch,
    )
    from ayon_core.settings import get_project_settings, get_studio_settings

    assert _params(get_studio_settings) == [
        ("args", "VAR_POSITIONAL", EMPTY), ("kwargs", "VAR_KEYWORD", EMPTY),
    ]
    assert _names(get_project_settings) == ["project_name", "args", "kwargs"]
    assert _params(filter_profiles) == [
        ("profiles_data", "POSITIONAL_OR_KEYWORD", EMPTY),
        ("key_values", "POSITIONAL_OR_KEYWORD", EMPTY),
        ("keys_order", "POSITIONAL_OR_KEYWORD", None),
        ("logger", "POSITIONAL_OR_KEYWORD", None),
    ]
    assert _names(Logger.get_logger) == ["name", "_host"]
    assert _names(is_headless_mode_enabled) == []
    assert _params(env_value_to_bool) == [
        ("env_key", "POSITIONAL_OR_KEYWORD", None),
        ("value", "POSITIONAL_OR_KEYWORD", None),
        ("default", "POSITIONAL_OR_KEYWORD", False),
    ]
    assert _params(run_ayon_launcher_process) == [
        ("args", "VAR_POSITIONAL", EMPTY),
        ("add_sys_paths", "KEYWORD_ONLY", False),
        ("kwargs", "VAR_KEYWORD", EMPTY),
    ]
    assert _names(get_ayon_launcher_args) == ["args"]
    assert _names(Anatomy.__init__) == [
        "self", "project_name", "site_name", "project_entity",
    ]
    assert _names(get_template_data) == [
        "project_entity", "folder_entity", "task_entity", "host_name",
        "settings", "username", "user_entity",
    ]
    assert _names(get_workdir_with_workdir_data) == [
        "workdir_data", "project_name", "anatomy", "template_key",
        "project_settings",
    ]
    assert _names(get_workfile_template_key) == [
        "project_name", "task_type", "host_name", "project_settings",
    ]
    assert _names(get_last_workfile) == [
        "workdir", "file_template", "template_data", "extensions",
        "full_path",
    ]
    for func in (
        should_use_last_workfile_on_launch,
        should_open_workfiles_tool_on_launch,
    ):
        assert _params(func)[4:] == [
            ("default_output", "POSITIONAL_OR_KEYWORD", False),
            ("project_settings", "POSITIONAL_OR_KEYWORD", None),
        ]
        assert _names(func)[:4] == [
            "project_name", "host_name", "task_name", "task_type",
        ]


def test_headless_mode_reads_env(ayon_core_standin, monkeypatch):
    from ayon_core.lib import is_headless_mode_enabled

    monkeypatch.delenv("AYON_HEADLESS_MODE", raising=False)
    assert is_headless_mode_enabled() is False
    monkeypatch.setenv("AYON_HEADLESS_MODE", "1")
    assert is_headless_mode_enabled() is True


# --- settings ------------------------------------------------------------
def test_settings_override_without_server(ayon_core_standin):
    from ayon_core import _standin
    from ayon_core.settings import get_project_settings, get_studio_settings

    _standin.set_settings(
        studio={"applications": {"groups": ["maya"]}},
        projects={"demo": {"applications": {"groups": ["nuke"]}}},
    )
    studio = get_studio_settings()
    assert studio == {"applications": {"groups": ["maya"]}}
    studio["applications"]["groups"].append("changed")
    assert get_studio_settings()["applications"]["groups"] == ["maya"]
    assert get_project_settings("demo")["applications"]["groups"] == [
        "nuke"
    ]
    # A project without its own values gets the studio values
    assert get_project_settings("other") == get_studio_settings()


def test_settings_come_from_the_server(
    ayon_core_standin, ayon_server, monkeypatch
):
    from ayon_core.settings import get_project_settings, get_studio_settings

    ayon_server.add_project("demo")
    ayon_server.add_bundle(
        "main", {"core": "1.4.0", "applications": "2.0.0+rez"},
        is_production=True,
    )
    ayon_server.set_studio_settings("applications", {"only": "studio"})
    ayon_server.set_project_overrides(
        "demo", "applications", {"only": "project"}
    )
    monkeypatch.setenv("AYON_BUNDLE_NAME", "main")

    assert get_studio_settings()["applications"] == {"only": "studio"}
    assert get_project_settings("demo")["applications"] == {
        "only": "project"
    }
    paths = [path for _method, path in ayon_server.requests]
    assert any(path.startswith("/api/settings") for path in paths)


# --- filter_profiles -----------------------------------------------------
PROFILES = [
    {"name": "any", "task_types": [], "hosts": []},
    {"name": "anim", "task_types": ["Animation"], "hosts": []},
    {"name": "maya", "task_types": [], "hosts": ["maya"]},
    {"name": "anim-maya", "task_types": ["Animation"], "hosts": ["maya"]},
    {"name": "regex", "task_types": ["Comp.*"], "hosts": ["*"]},
]


def _pick(profiles, key_values, keys_order=None):
    from ayon_core.lib import filter_profiles

    profile = filter_profiles(profiles, key_values, keys_order)
    return profile and profile["name"]


def test_filter_profiles_most_specific_wins(ayon_core_standin):
    assert _pick(
        PROFILES, {"task_types": "Animation", "hosts": "maya"}
    ) == "anim-maya"
    assert _pick(PROFILES, {"task_types": "Layout", "hosts": "maya"}) == (
        "maya"
    )
    assert _pick(PROFILES, {"task_types": "Layout", "hosts": "nuke"}) == (
        "any"
    )


def test_filter_profiles_regex_is_a_full_match(ayon_core_standin):
    assert _pick(
        PROFILES, {"task_types": "Compositing", "hosts": "nuke"}
    ) == "regex"
    assert _pick(
        [{"name": "x", "task_types": ["Comp"]}], {"task_types": "Compo"}
    ) is None
    paths = [{"name": "shots", "folder_paths": ["/shots/.*"]}]
    assert _pick(paths, {"folder_paths": "/shots/sq01/sh010"}) == "shots"
    assert _pick(paths, {"folder_paths": "/assets/chr"}) is None


def test_filter_profiles_ties_follow_key_order_then_list_order(
    ayon_core_standin,
):
    profiles = [
        {"name": "by-host", "task_types": [], "hosts": ["maya"]},
        {"name": "by-task", "task_types": ["Animation"], "hosts": []},
    ]
    values = {"task_types": "Animation", "hosts": "maya"}
    # Same score: the one matching the first key of keys_order wins
    assert _pick(profiles, values) == "by-task"
    assert _pick(profiles, values, ["hosts", "task_types"]) == "by-host"
    # Same score and same matches: first in the list wins
    twins = [{"name": "first"}, {"name": "second"}]
    assert _pick(twins, values) == "first"


def test_filter_profiles_no_match_and_empty_value(ayon_core_standin):
    only_anim = [{"name": "anim", "task_types": ["Animation"]}]
    assert _pick(only_anim, {"task_types": "Layout"}) is None
    # A profile asking for specific values does not match an empty value
    assert _pick(only_anim, {"task_types": ""}) is None
    assert _pick([], {"task_types": "Animation"}) is None


# --- addons, CLI ---------------------------------------------------------
def _example_addon_classes():
    from ayon_core.addon import AYONAddon, IHostAddon, click_wrap

    calls = []

    class ExampleAddon(AYONAddon):
        name = "example"
        version = "1.0.0"

        def initialize(self, settings):
            self.settings = settings.get(self.name, {})

        def connect_with_addons(self, enabled_addons):
            calls.append(("connect", [a.name for a in enabled_addons]))

        def get_launch_hook_paths(self, app):
            return ["/hooks"]

        def cli(self, addon_click_group):
            main = click_wrap.group(self._main, name=self.name, help="Ex")
            (
                main.command(self._extract, name="extractenvironments")
                .argument("output_json_path")
                .option("--project", help="Project", default=None)
                .option("--use-last-workfile", default=None)
            )
            (
                main.command(self._launch, name="launch-by-id")
                .option("--app", required=True)
                .option("--task-id", required=True)
            )
            addon_click_group.add_command(main.to_click_obj())

        def _main(self):
            calls.append(("main",))

        def _extract(self, output_json_path, project, use_last_workfile):
            calls.append(
                ("extract", output_json_path, project, use_last_workfile)
            )

        def _launch(self, app, task_id):
            calls.append(("launch", app, task_id))
            raise SystemExit(3)

    class MayaAddon(AYONAddon, IHostAddon):
        name = "maya"
        host_name = "maya"
        enabled = True

        def get_workfile_extensions(self):
            return [".ma", ".mb"]

    return ExampleAddon, MayaAddon, calls


def test_addons_manager_with_classes_and_instances(ayon_core_standin):
    from ayon_core.addon import AddonsManager

    example_cls, maya_cls, calls = _example_addon_classes()
    maya = maya_cls(None, {})
    manager = AddonsManager(
        settings={"example": {"key": 1}}, addons=[example_cls, maya]
    )
    assert [addon.name for addon in manager.addons] == ["example", "maya"]
    assert manager["example"].settings == {"key": 1}
    assert manager["example"].manager is manager
    assert maya.manager is manager
    assert manager.get("missing") is None
    assert manager.get_enabled_addon("maya") is maya
    assert manager.get_host_addon("maya") is maya
    assert manager.get_host_names() == {"maya"}
    assert ("connect", ["example", "maya"]) in calls

    maya.enabled = False
    assert manager.get_enabled_addon("maya") is None
    assert [a.name for a in manager.get_enabled_addons()] == ["example"]
    with pytest.raises(KeyError):
        manager["missing"]


def test_default_addons_come_from_standin_list(ayon_core_standin):
    from ayon_core import _standin
    from ayon_core.addon import AddonsManager

    example_cls, _maya_cls, _calls = _example_addon_classes()
    _standin.set_settings(studio={"example": {"key": 2}})
    _standin.ADDONS.append(example_cls)
    assert AddonsManager()["example"].settings == {"key": 2}


def test_addon_cli_runs_through_click_wrap(ayon_core_standin):
    from ayon_core import _standin
    from ayon_core.addon import AddonsManager

    example_cls, _maya_cls, calls = _example_addon_classes()
    manager = AddonsManager(settings={}, addons=[example_cls])

    code = _standin.run_addon_cli(
        ["example", "extractenvironments", "/tmp/out.json",
         "--project", "demo"],
        manager,
    )
    assert code == 0
    assert calls[-2:] == [
        ("main",), ("extract", "/tmp/out.json", "demo", None),
    ]

    code = _standin.run_addon_cli(
        ["example", "launch-by-id", "--app", "maya/2025",
         "--task-id=abc"],
        manager,
    )
    assert code == 3
    assert calls[-1] == ("launch", "maya/2025", "abc")

    # Missing required option / unknown command: click's usage error code
    assert _standin.run_addon_cli(
        ["example", "launch-by-id", "--app", "maya/2025"], manager
    ) == 2
    assert _standin.run_addon_cli(["example", "nope"], manager) == 2


def test_click_wrap_decorators_as_in_ayon_core(ayon_core_standin):
    from ayon_core.addon import click_wrap

    seen = []

    @click_wrap.group("tool", help="Tool")
    def tool():
        pass

    @tool.command(help="Do")
    @click_wrap.option("--count", type=int, default=1)
    @click_wrap.option("--dry", is_flag=True)
    def do_it(count, dry):
        seen.append((count, dry))

    assert isinstance(tool, click_wrap.Group)
    assert isinstance(do_it, click_wrap.Command)
    assert do_it.name == "do-it"
    assert click_wrap.invoke(tool, ["do-it", "--count", "4", "--dry"]) is (
        None
    )
    click_wrap.invoke(tool, ["do-it"])
    assert seen == [(4, True), (1, False)]


# --- anatomy, template data, workfiles -----------------------------------
PROJECT = {
    "name": "demo",
    "code": "dm",
    "config": {"roots": {"work": {
        "windows": "C:/work", "linux": "/mnt/work", "darwin": "/Volumes/w",
    }}},
    "taskTypes": [{"name": "Animation", "shortName": "anim"}],
}
FOLDER = {"id": "f1", "path": "/shots/sh010", "folderType": "Shot"}
TASK = {"id": "t1", "name": "animation", "taskType": "Animation"}


def test_workdir_and_last_workfile(ayon_core_standin, tmp_path):
    from ayon_core import _standin
    from ayon_core.pipeline import Anatomy
    from ayon_core.pipeline.template_data import get_template_data
    from ayon_core.pipeline.workfile import (
        get_last_workfile,
        get_workdir_with_workdir_data,
    )

    _standin.set_settings(studio={})
    project = dict(PROJECT, config={"roots": {"work": str(tmp_path)}})
    anatomy = Anatomy("demo", project_entity=project)
    assert anatomy.roots == {"work": str(tmp_path)}
    assert anatomy.fill_root("{root[work]}/x") == f"{tmp_path}/x"

    data = get_template_data(project, FOLDER, TASK, "maya", settings={})
    assert data["project"] == {"name": "demo", "code": "dm"}
    assert data["folder"]["name"] == "sh010"
    assert data["hierarchy"] == "shots"
    assert data["task"] == {
        "name": "animation", "type": "Animation", "short": "anim",
    }
    assert data["app"] == "maya"

    workdir = get_workdir_with_workdir_data(data, "demo", anatomy)
    expected = os.path.join(
        str(tmp_path), "demo", "shots", "sh010", "work", "animation"
    )
    assert workdir == os.path.normpath(expected)
    assert workdir.rootless == (
        "{root[work]}/demo/shots/sh010/work/animation"
    )

    file_template = anatomy.get_template_item("work", "work", "file")
    template = file_template.template
    assert get_last_workfile(
        workdir, template, data, [".ma"], full_path=True
    ) == os.path.join(workdir, "dm_sh010_animation_v001.ma")

    os.makedirs(workdir)
    for name in (
        "dm_sh010_animation_v002.ma",
        "dm_sh010_animation_v010_wip.ma",
        "dm_sh010_animation_v099.txt",
        "other_v100.ma",
    ):
        open(os.path.join(workdir, name), "w").close()
    assert get_last_workfile(workdir, template, data, [".ma"]) == (
        "dm_sh010_animation_v010_wip.ma"
    )


def test_last_workfile_profiles(ayon_core_standin):
    from ayon_core.pipeline.workfile import (
        should_open_workfiles_tool_on_launch,
        should_use_last_workfile_on_launch,
    )

    settings = {"core": {"tools": {"Workfiles": {
        "last_workfile_on_startup": [
            {"hosts": ["maya"], "task_types": [], "tasks": [],
             "enabled": True},
        ],
        "open_workfile_tool_on_startup": [],
    }}}}
    assert should_use_last_workfile_on_launch(
        "demo", "maya", "anim", "Animation", project_settings=settings
    ) is True
    assert should_use_last_workfile_on_launch(
        "demo", "nuke", "comp", "Compositing", project_settings=settings
    ) is False
    assert should_open_workfiles_tool_on_launch(
        "demo", "maya", "anim", "Animation", default_output=True,
        project_settings=settings,
    ) is True


# --- dialog of a failed launch -------------------------------------------
def test_launcher_process_is_recorded_with_its_json(
    ayon_core_standin, tmp_path
):
    from ayon_core import _standin
    from ayon_core.lib import run_ayon_launcher_process

    payload = tmp_path / "dialog.json"
    payload.write_text(json.dumps({"message": "No maya", "detail": None}))
    run_ayon_launcher_process(
        "--skip-bootstrap", "/addon/ui/launch_failed_dialog.py",
        str(payload), add_sys_paths=True, creationflags=0,
    )
    (record,) = _standin.LAUNCHER_PROCESSES
    assert record["args"][1:] == [
        "--skip-bootstrap", "/addon/ui/launch_failed_dialog.py",
        str(payload),
    ]
    assert record["add_sys_paths"] is True
    assert record["kwargs"] == {"creationflags": 0}
    assert record["files"][str(payload)]["message"] == "No maya"


# --- the pre_global_host_data hook ---------------------------------------
def test_global_host_data_hook(ayon_core_standin, ayon_server, monkeypatch):
    """The hook fills entities and anatomy, then calls both utils."""
    ayon_server.add_project("demo", code="dm", roots={"work": "/mnt/w"})
    folder = ayon_server.add_folder("demo", "/shots/sh010")
    task = ayon_server.add_task("demo", folder["id"], "anim", "Animation")

    calls = []

    class PreLaunchHook:
        def __init__(self, launch_context):
            self.launch_context = launch_context
            self.data = launch_context.data
            self.log = __import__("logging").getLogger("hook")

    class EnvironmentPrepData(dict):
        pass

    def prepare_app_environments(data, env_group=None, **kwargs):
        calls.append(("app", env_group, sorted(data)))
        data["env"]["APP_ENV"] = "1"

    def prepare_context_environments(data, env_group=None, **kwargs):
        calls.append(("context", env_group))
        data["env"]["AYON_TASK_NAME"] = data["task_entity"]["name"]
        data["workdir_data"] = {"ok": True}

    fake = types.ModuleType("ayon_applications")
    fake.PreLaunchHook = PreLaunchHook
    fake.LaunchTypes = object()
    fake_utils = types.ModuleType("ayon_applications.utils")
    fake_utils.EnvironmentPrepData = EnvironmentPrepData
    fake_utils.prepare_app_environments = prepare_app_environments
    fake_utils.prepare_context_environments = prepare_context_environments
    fake.utils = fake_utils
    monkeypatch.setitem(sys.modules, "ayon_applications", fake)
    monkeypatch.setitem(sys.modules, "ayon_applications.utils", fake_utils)

    path = os.path.join(
        ayon_core_standin.AYON_CORE_ROOT, "hooks", "pre_global_host_data.py"
    )
    spec = importlib.util.spec_from_file_location("_hook_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    hook_cls = module.GlobalHostDataHook
    assert hook_cls.order == -100
    assert hook_cls.launch_types == set()

    context = types.SimpleNamespace(
        application="APP",
        env={"PATH": "/bin"},
        env_group="farm",
        data={
            "project_name": "demo",
            "folder_path": "/shots/sh010",
            "task_name": "anim",
            "start_last_workfile": False,
        },
    )
    hook_cls(context).execute()

    data = context.data
    assert data["project_entity"]["name"] == "demo"
    assert data["anatomy"].roots == {"work": "/mnt/w"}
    assert data["folder_entity"]["id"] == folder["id"]
    assert data["task_entity"]["id"] == task["id"]
    assert data["app"] == "APP"
    assert data["workdir_data"] == {"ok": True}
    assert "log" not in data
    # The launch context's env is the dict the utils changed
    assert data["env"] is context.env
    assert context.env["APP_ENV"] == "1"
    assert context.env["AYON_TASK_NAME"] == "anim"
    assert calls[0][:2] == ("app", "farm")
    assert {
        "project_entity", "folder_entity", "task_entity", "app", "anatomy",
        "env", "log", "start_last_workfile", "last_workfile_path",
    } <= set(calls[0][2])
    assert calls[1] == ("context", None)


def test_loader_actions_signatures(ayon_core_standin):
    # ayon_core/pipeline/actions/loader.py, structures.py and
    #   lib/attribute_definitions.py of ynput/ayon-core (1.9.x)
    from ayon_core.lib.attribute_definitions import EnumDef
    from ayon_core.pipeline import registered_host
    from ayon_core.pipeline.actions import (
        ActionForm,
        LoaderActionResult,
        LoaderActionsContext,
        LoaderActionSelection,
        LoaderSelectedType,
        LoaderSimpleActionPlugin,
        SelectionEntitiesCache,
    )

    assert _names(LoaderActionSelection.__init__) == [
        "self", "project_name", "selected_ids", "selected_type",
        "project_anatomy", "project_settings", "entities_cache"]
    assert _names(LoaderActionsContext.__init__) == [
        "self", "studio_settings", "addons_manager", "host"]
    assert _names(LoaderActionsContext.execute_action) == [
        "self", "identifier", "selection", "data", "form_values"]
    assert _names(SelectionEntitiesCache.__init__)[:7] == [
        "self", "project_name", "project_entity", "folders_by_id",
        "tasks_by_id", "products_by_id", "versions_by_id"]
    assert _names(LoaderSimpleActionPlugin.execute_simple_action) == [
        "self", "selection", "form_values"]
    assert _names(LoaderActionResult) == [
        "message", "success", "form", "form_values"]
    assert _names(ActionForm) == [
        "title", "fields", "submit_label", "submit_icon", "cancel_label",
        "cancel_icon"]
    assert _names(EnumDef.__init__) == [
        "self", "key", "items", "default", "multiselection", "placeholder",
        "kwargs"]
    assert LoaderSelectedType.version == "version"
    assert registered_host() is None
    assert LoaderSimpleActionPlugin.__dict__["skip_discovery"] is True
