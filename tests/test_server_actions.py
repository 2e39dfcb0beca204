"""Web actions of the server addon: listing, profiles, execution, icons.

Runs on the ``ayon_server`` stand-ins (tests/standins/server).
"""
from __future__ import annotations

import copy
from typing import Any

import pytest
from ayon_server.actions import ActionContext
from ayon_server.entities import UserEntity
from ayon_server.exceptions import NotFoundException

from server.actions import icon_for
from server.profiles import allowed_apps
from server.settings import get_default_values

LAUNCH = "application.launch."


def _profile(**values: Any) -> dict[str, Any]:
    profile = {"task_types": [], "folder_paths": [], "task_names": [],
               "allow_type": "applications", "applications": []}
    profile.update(values)
    return profile


def _use_profiles(world, project: str, *profiles: dict[str, Any]) -> None:
    world.set_project_overrides(project, {
        "project_applications": {"profiles": list(profiles)},
    })


def _launch_actions(world, project: str, variant: str = "production"):
    actions = world.run(world.addon.get_simple_actions(project, variant))
    return {
        a.identifier[len(LAUNCH):]: a for a in actions
        if a.identifier.startswith(LAUNCH)
    }


def test_profile_allowing_maya_2025_for_animation(server_world):
    world = server_world
    world.add_project("show", ["Animation", "Modeling", "Lighting"])
    _use_profiles(world, "show", _profile(
        task_types=["Animation"], applications=["maya/2025"],
    ))
    actions = _launch_actions(world, "show")
    assert list(actions) == ["maya/2025"]
    maya = actions["maya/2025"]
    assert maya.entity_type == "task"
    assert maya.entity_subtypes == ["Animation"]
    assert maya.label == "2025"
    assert maya.group_label == "Maya"
    assert maya.icon == {"type": "url",
                         "url": "/api{addon_url}/icons/maya.svg"}
    assert maya.config_fields == [{
        "type": "boolean", "name": "skip_last_workfile",
        "label": "Skip last workfile", "value": False,
    }]
    assert not maya.allow_multiselection


def test_most_specific_profile_wins_over_an_earlier_generic_one(
    server_world,
):
    # The case: [generic, Animation-only]. ayon-core's
    # filter_profiles scores the Animation profile 1 and the generic one
    # 0, so Animation tasks get the Animation profile although the
    # generic one comes first.
    world = server_world
    world.add_project("show", ["Animation", "Modeling"])
    _use_profiles(
        world, "show",
        _profile(applications=["maya/2025"]),
        _profile(task_types=["Animation"], applications=["blender/4-2"]),
    )
    subtypes = {name: action.entity_subtypes
                for name, action in _launch_actions(world, "show").items()}
    assert subtypes == {"maya/2025": ["Modeling"],
                        "blender/4-2": ["Animation"]}


def test_task_types_are_regexes_in_actions(server_world):
    world = server_world
    world.add_project("show", ["Compositing", "Comp", "Layout"])
    _use_profiles(world, "show", _profile(
        task_types=["Comp.*"], applications=["nuke/15-1"],
    ))
    actions = _launch_actions(world, "show")
    assert actions["nuke/15-1"].entity_subtypes == ["Compositing", "Comp"]


def test_actions_follow_profile_order_and_first_match(server_world):
    world = server_world
    world.add_project("show", ["Animation", "Comp", "Modeling"])
    _use_profiles(
        world, "show",
        _profile(task_types=["Comp"],
                 applications=["nuke/15-1", "unknown/1", "maya/2024"]),
        _profile(task_types=["Animation", "Comp"],
                 applications=["blender/4-2"]),
        _profile(allow_type="all_applications"),
    )
    actions = world.run(world.addon.get_simple_actions("show", "production"))
    launch = [a for a in actions if a.identifier.startswith(LAUNCH)]
    subtypes = {a.identifier[len(LAUNCH):]: a.entity_subtypes
                for a in launch}
    # Comp: its own profile only (in its order); Animation: the second
    # profile; Modeling: every enabled variant.
    assert subtypes["nuke/15-1"] == ["Comp", "Modeling"]
    assert subtypes["maya/2024"] == ["Comp", "Modeling"]
    assert subtypes["blender/4-2"] == ["Animation", "Modeling"]
    assert subtypes["maya/2025"] == ["Modeling"]
    assert "unknown/1" not in subtypes
    ordered = [a.identifier[len(LAUNCH):] for a in
               sorted(launch, key=lambda a: a.order)]
    assert ordered[:3] == ["blender/4-2", "nuke/15-1", "maya/2024"]


def test_all_applications_skips_disabled(server_world):
    world = server_world
    world.add_project("show", ["Animation"])
    studio = world.run(world.addon.get_studio_settings()).dict()
    applications = copy.deepcopy(studio["applications"])
    for group in applications:
        if group["name"] == "unreal":
            group["enabled"] = False
        if group["name"] == "maya":
            group["variants"][1]["enabled"] = False
    world.set_project_overrides("show", {"applications": applications})
    actions = _launch_actions(world, "show")
    assert "maya/2025" in actions and "maya/2024" not in actions
    assert not any(name.startswith("unreal/") for name in actions)
    assert "terminal/default" in actions


def test_project_override_adds_a_variant_to_that_project_only(server_world):
    world = server_world
    world.add_project("show", ["Animation"])
    world.add_project("other", ["Animation"])
    studio = world.run(world.addon.get_studio_settings()).dict()
    applications = copy.deepcopy(studio["applications"])
    maya = next(g for g in applications if g["name"] == "maya")
    maya["variants"].append(dict(copy.deepcopy(maya["variants"][0]),
                                 name="2026", label="2026",
                                 rez_request=["maya-2026"]))
    world.set_project_overrides("show", {"applications": applications})
    assert "maya/2026" in _launch_actions(world, "show")
    assert "maya/2026" not in _launch_actions(world, "other")
    assert "maya/2025" in _launch_actions(world, "other")


def test_no_project_no_actions(server_world):
    assert server_world.run(
        server_world.addon.get_simple_actions(None, "production")
    ) == []


def test_terminal_action_is_listed_for_tasks(server_world):
    world = server_world
    world.add_project("show", ["Animation"])
    actions = world.run(world.addon.get_simple_actions("show", "production"))
    terminal = [a for a in actions
                if a.identifier == "application.debug_terminal"]
    assert len(terminal) == 1
    assert terminal[0].entity_type == "task"
    assert terminal[0].label == "Open terminal"


# --- profiles filtering on folder path or task name ----------------------

@pytest.mark.parametrize("patterns,path,expected", [
    # a regex matching the WHOLE path, as ayon-core reads it: no prefix
    (["/shots/sq010"], "/shots/sq010/sh0010", False),
    (["/shots/sq010"], "/shots/sq010", True),
    (["/shots/sq010/.*"], "/shots/sq010/sh0010", True),
    (["shots/sq010/.*"], "/shots/sq010/sh0010", False),
    (["/shots/sq01"], "/shots/sq010/sh0010", False),
    ([r"/shots/sq0\d0/.*"], "/shots/sq020/sh0010", True),
    ([r"/assets/.*"], "/shots/sq020/sh0010", False),
    (["*"], "/anything", True),
    (["/assets/.*", "/shots/.*"], "/shots/a", True),
])
def test_folder_paths_are_whole_path_regexes(patterns, path, expected):
    settings = get_default_values()
    settings["project_applications"]["profiles"] = [_profile(
        folder_paths=patterns, applications=["maya/2025"],
    )]
    allowed = allowed_apps(settings, "Animation", "anim", path)
    assert allowed == (["maya/2025"] if expected else [])


def test_context_dependent_profiles_become_dynamic_actions(server_world):
    world = server_world
    world.add_project("show", ["Animation", "Modeling"])
    in_seq = world.add_task("show", "/shots/sq010/sh0010", "anim",
                            "Animation")
    elsewhere = world.add_task("show", "/shots/sq020/sh0010", "anim",
                               "Animation")
    named = world.add_task("show", "/shots/sq020/sh0010", "blocking",
                           "Animation")
    _use_profiles(
        world, "show",
        _profile(task_types=["Animation"],
                 folder_paths=["/shots/sq010/.*"],
                 applications=["maya/2024"]),
        _profile(task_types=["Animation"], task_names=["blocking"],
                 applications=["blender/4-2"]),
        _profile(applications=["maya/2025", "houdini/20-5"]),
    )
    # Animation depends on the task: no simple actions for it.
    actions = _launch_actions(world, "show")
    assert {n: a.entity_subtypes for n, a in actions.items()} == {
        "maya/2025": ["Modeling"], "houdini/20-5": ["Modeling"],
    }

    def dynamic(task_id):
        context = ActionContext(project_name="show", entity_type="task",
                                entity_ids=[task_id])
        found = world.run(world.addon.get_dynamic_actions(context))
        return [a.identifier[len(LAUNCH):] for a in found]

    assert dynamic(in_seq) == ["maya/2024"]
    assert dynamic(named) == ["blender/4-2"]
    assert dynamic(elsewhere) == ["maya/2025", "houdini/20-5"]
    modeling = world.add_task("show", "/assets/chr", "model", "Modeling")
    assert dynamic(modeling) == []  # covered by the simple actions


# --- workfiles ----------------------------------------------------------

def test_workfile_actions_launch_apps_of_its_host(server_world):
    world = server_world
    world.add_project("show", ["Animation"])
    task = world.add_task("show", "/shots/sq010/sh0010", "anim", "Animation")
    _use_profiles(world, "show", _profile(
        applications=["nuke/15-1", "maya/2025", "maya/2024"],
    ))
    workfile = world.add_workfile("show", task, "/w/anim_v003.ma",
                                  host_name="maya")
    context = ActionContext(project_name="show", entity_type="workfile",
                            entity_ids=[workfile])
    found = world.run(world.addon.get_dynamic_actions(context))
    assert [a.identifier for a in found] == [
        "application.launch-workfile.maya/2025",
        "application.launch-workfile.maya/2024",
    ]
    # no host_name in the data: the extension tells
    nuke_file = world.add_workfile("show", task, "/w/comp_v001.nk")
    context = ActionContext(project_name="show", entity_type="workfile",
                            entity_ids=[nuke_file])
    found = world.run(world.addon.get_dynamic_actions(context))
    assert [a.identifier for a in found] == [
        "application.launch-workfile.nuke/15-1",
    ]

    executor = world.executor("application.launch-workfile.maya/2025",
                              "show", [workfile], entity_type="workfile")
    response = world.run(world.addon.execute_action(executor))
    assert response.type == "launcher"
    assert world.launcher_args() == [
        "addon", "applications", "launch-by-workfile-id",
        "--app", "maya/2025", "--project", "show", "--workfile-id", workfile,
    ]


# --- execution ----------------------------------------------------------

def _launch(world, variant: str = "production", config=None) -> list[str]:
    world.add_project("show", ["Animation"])
    task = "task-0001"
    identifier = LAUNCH + "maya/2025"
    executor = world.executor(identifier, "show", [task], variant=variant)
    if config is not None:
        world.run(world.addon.set_action_config(
            identifier, executor.context, executor.user, variant, config,
        ))
    response = world.run(world.addon.execute_action(executor))
    assert response.type == "launcher"
    assert response.payload["uri"].startswith("ayon-launcher://action?")
    return world.launcher_args()


BASE_ARGS = ["addon", "applications", "launch-by-id", "--app", "maya/2025",
             "--project", "show", "--task-id", "task-0001"]


def test_execute_returns_exact_launcher_args(server_world):
    assert _launch(server_world) == BASE_ARGS


def test_execute_staging_has_no_bundle_arg(server_world):
    assert _launch(server_world, variant="staging") == BASE_ARGS


def test_execute_dev_bundle_adds_bundle(server_world):
    assert _launch(server_world, variant="dev_jane") == BASE_ARGS + [
        "--bundle", "dev_jane"]


def test_execute_skip_last_workfile(server_world):
    assert _launch(server_world, config={"skip_last_workfile": True}) == (
        BASE_ARGS + ["--use-last-workfile", "0"])


def test_execute_unticked_skip_leaves_it_to_the_settings(server_world):
    # Ynput's addon removes an unticked option: no --use-last-workfile,
    #   the project's "open last workfile" settings decide
    assert _launch(server_world, config={"skip_last_workfile": True})
    assert _launch(server_world, config={"skip_last_workfile": False}) == (
        BASE_ARGS)
    assert server_world.db.action_config == {}


def _skip_args(world, task: str, user: str = "artist") -> list[str]:
    executor = world.executor(LAUNCH + "maya/2025", "show", [task],
                              user=user)
    world.run(world.addon.execute_action(executor))
    args = world.launcher_args()
    return args[args.index("--task-id") + 2:]


def test_skip_last_workfile_is_kept_per_task_and_user(server_world):
    """Ynput's addon keeps the option per user, app, project and task
    (its ``create_action_config_hash``); ticked on two selected tasks,
    it holds for those two only."""
    world = server_world
    world.add_project("show", ["Animation"])
    identifier = LAUNCH + "maya/2025"
    executor = world.executor(identifier, "show", ["task-a", "task-b"])
    world.run(world.addon.set_action_config(
        identifier, executor.context, executor.user, "production",
        {"skip_last_workfile": True},
    ))
    assert _skip_args(world, "task-a") == ["--use-last-workfile", "0"]
    assert _skip_args(world, "task-b") == ["--use-last-workfile", "0"]
    assert _skip_args(world, "task-c") == []
    assert _skip_args(world, "task-a", user="other") == []


def test_options_saved_by_ynputs_addon_carry_over(server_world):
    """The hash is Ynput's: ``hash_data([user, app, project, task])``."""
    from ayon_server.actions.config import set_action_config
    from ayon_server.utils import hash_data

    world = server_world
    world.add_project("show", ["Animation"])
    world.run(set_action_config(
        hash_data(["artist", "maya/2025", "show", "task-a"]),
        {"skip_last_workfile": True},
        addon_name="applications", addon_version="1.4.4",
        identifier="maya/2025", project_name="show", user_name="artist",
    ))
    assert _skip_args(world, "task-a") == ["--use-last-workfile", "0"]


def test_other_actions_keep_the_servers_config_hash(server_world):
    from ayon_server.utils import hash_data

    world = server_world
    executor = world.executor("application.debug_terminal", "show", ["t"])
    config_hash = world.run(world.addon.create_action_config_hash(
        executor.identifier, executor.context, executor.user, "production"
    ))
    assert config_hash == hash_data(
        ["artist", "application.debug_terminal", "show"])


def test_execute_dev_bundle_and_skip(server_world):
    assert _launch(server_world, variant="dev_jane",
                   config={"skip_last_workfile": True}) == BASE_ARGS + [
        "--bundle", "dev_jane", "--use-last-workfile", "0"]


def test_execute_unknown_identifier_fails_softly(server_world):
    world = server_world
    executor = world.executor("something.else", "show", ["t1"])
    response = world.run(world.addon.execute_action(executor))
    assert response.success is False
    assert world.db.events == []


# --- debug terminal -----------------------------------------------------

def test_debug_terminal_asks_for_an_allowed_app_then_launches(
    server_world,
):
    world = server_world
    world.add_project("show", ["Animation"])
    task = world.add_task("show", "/shots/sq010/sh0010", "anim", "Animation")
    _use_profiles(world, "show", _profile(
        task_types=["Animation"], applications=["maya/2025", "nuke/15-1"],
    ))
    executor = world.executor("application.debug_terminal", "show", [task])
    response = world.run(world.addon.execute_action(executor))
    assert response.type == "form"
    (field,) = response.payload["fields"]
    assert field["name"] == "app"
    assert field["options"] == [
        {"value": "maya/2025", "label": "Maya 2025"},
        {"value": "nuke/15-1", "label": "Nuke 15.1"},
    ]
    assert world.db.events == []

    executor = world.executor("application.debug_terminal", "show", [task],
                              form_data={"app": "nuke/15-1"})
    response = world.run(world.addon.execute_action(executor))
    assert response.type == "launcher"
    assert world.launcher_args() == [
        "addon", "applications", "launch-debug-terminal",
        "--project", "show", "--task-id", task, "--app", "nuke/15-1",
    ]

    executor = world.executor("application.debug_terminal", "show", [task],
                              form_data={"app": "houdini/20-5"})
    response = world.run(world.addon.execute_action(executor))
    assert response.success is False
    assert "houdini/20-5" in response.message


def test_debug_terminal_dev_bundle(server_world):
    world = server_world
    world.add_project("show", ["Animation"])
    task = world.add_task("show", "/a", "anim", "Animation")
    executor = world.executor("application.debug_terminal", "show", [task],
                              variant="dev_jane",
                              form_data={"app": "maya/2025"})
    world.run(world.addon.execute_action(executor))
    assert world.launcher_args()[-2:] == ["--bundle", "dev_jane"]


# --- icons ----------------------------------------------------------------

def test_icons_endpoint_serves_public_icons(server_world):
    addon = server_world.addon
    (endpoint,) = [e for e in addon.endpoints if e["path"] ==
                   "/icons/{filename}"]
    assert endpoint["method"] == "GET"
    path = addon.get_icon_path("maya.svg")
    assert path.endswith("public/icons/maya.svg")
    for bad in ("../package.py", "..", ".hidden", "nope.svg", "",
                "icons/maya.svg", "..\\x.svg"):
        with pytest.raises(NotFoundException):
            addon.get_icon_path(bad)


def test_icon_values():
    assert icon_for("") is None
    assert icon_for("nuke.svg") == {
        "type": "url", "url": "/api{addon_url}/icons/nuke.svg"}
    assert icon_for("some/dir/nuke.svg")["url"].endswith("/icons/nuke.svg")
    url = "https://cdn.example.com/i/maya.png"
    assert icon_for(url) == {"type": "url", "url": url}


def test_user_entity_name_reaches_launcher_event(server_world):
    world = server_world
    world.add_project("show", ["Animation"])
    executor = world.executor(LAUNCH + "maya/2025", "show", ["t1"],
                              user="jane")
    assert isinstance(executor.user, UserEntity)
    world.run(world.addon.execute_action(executor))
    (event,) = world.db.events
    assert event["user"] == "jane"
    assert event["summary"]["action_identifier"] == LAUNCH + "maya/2025"
