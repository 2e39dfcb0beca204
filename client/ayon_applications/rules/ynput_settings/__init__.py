"""Settings of Ynput's Applications addon (1.x) as this addon's settings.

:func:`convert_overrides` turns studio or project overrides of the 1.x
shape (fixed app groups plus ``additional_apps``, ``executables`` per
platform, ``tool_groups``, profiles) into this addon's shape, and says
what it could not convert and which rez packages (:class:`Wrapper`) the
converted variants request. The server runs it in
``convert_settings_overrides`` when a bundle moves to this addon;
``wrap-installations`` runs it to write those packages. Part of the
shared ``rules``: standard library only, the server runs this very
folder.

**Naming rule** (the one rule that makes 1.x names valid for rez): a
group name becomes the rez package name with every character other than
a letter, digit or ``_`` replaced by ``_`` (``my-app`` -> ``my_app``); a
variant name becomes the version with ``-`` read as ``.`` (1.x's
``20-5`` means 20.5), every character other than a letter, digit, ``_``
or ``.`` replaced by ``_``, and empty parts between dots dropped
(``2025 beta`` -> ``2025_beta``, ``17.0`` -> ``17.0``). A variant
requests ``<package>-<version>`` (``maya-2025``, ``houdini-20.5``).

**Executables**: 1.x launched the first existing executable of the
platform's list. The converted variant runs the program name of the
first one (``command_per_platform``), and its wrapper package puts the
folders of every executable with that program name on ``PATH`` in list
order, so the first folder that holds the program wins, as before. A
bare program name (``cmd.exe``) adds no folder. ``{VAR}`` references
(1.x formats executables with the environment) are read when the app
launches. A macOS ``.app`` bundle runs ``Contents/MacOS/<name>``.

**Tools** keep their environment, host and application filters, with an
empty ``rez_request``: a 1.x tool is an environment only, so it works as
before without any package.
"""
from .convert import Conversion, ConversionNote, Wrapper, convert_overrides
from .model import (
    PLATFORMS,
    is_ynput_shape,
    rez_package_name,
    rez_version,
    split_references,
)

__all__ = [
    "PLATFORMS",
    "Conversion",
    "ConversionNote",
    "Wrapper",
    "convert_overrides",
    "is_ynput_shape",
    "rez_package_name",
    "rez_version",
    "split_references",
]
