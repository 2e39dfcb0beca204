"""STAND-IN for ``ayon_core.tools.tray`` (cannot be installed from the
package index). The ``webserver`` subpackage and
``make_sure_tray_is_running``, which records the call in
``ayon_core._standin.TRAY_STARTS`` instead of starting a tray process.
"""


def make_sure_tray_is_running(
    ayon_url=None, variant=None, username=None, env=None
):
    """Start the tray for this server and bundle unless one runs."""
    from ayon_core import _standin

    _standin.TRAY_STARTS.append({
        "ayon_url": ayon_url, "variant": variant,
        "username": username,
    })


__all__ = ("make_sure_tray_is_running",)
