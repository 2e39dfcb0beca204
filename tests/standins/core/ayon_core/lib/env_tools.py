"""STAND-IN for ``ayon_core.lib.env_tools`` (cannot be installed from the
package index)."""
import os


def env_value_to_bool(env_key=None, value=None, default=False):
    """"true"/"yes"/"1"/"on" -> True, "false"/"no"/"0"/"off" -> False
    (any case); anything else, or nothing, -> ``default``. ``value`` wins
    over the environment variable ``env_key``."""
    if value is None:
        if env_key is None:
            return default
        value = os.environ.get(env_key)
    if value is None:
        return default
    lowered = str(value).lower()
    if lowered in ("true", "yes", "1", "on"):
        return True
    if lowered in ("false", "no", "0", "off"):
        return False
    return default
