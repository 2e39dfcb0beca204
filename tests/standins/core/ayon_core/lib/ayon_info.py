"""STAND-IN for ``ayon_core.lib.ayon_info`` (cannot be installed from the
package index). The launcher sets these variables; values "1" mean on."""
import os


def is_staging_enabled():
    return os.getenv("AYON_USE_STAGING") == "1"


def is_dev_mode_enabled():
    return os.getenv("AYON_USE_DEV") == "1"


def is_headless_mode_enabled():
    """``ayon --headless`` exports ``AYON_HEADLESS_MODE=1``."""
    return os.getenv("AYON_HEADLESS_MODE") == "1"


def get_settings_variant():
    """Settings variant of the process: the dev bundle name in dev mode,
    ``staging`` with staging enabled, else ``production``."""
    if is_dev_mode_enabled():
        return os.environ["AYON_BUNDLE_NAME"]
    if is_staging_enabled():
        return "staging"
    return "production"
