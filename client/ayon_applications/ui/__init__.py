"""Qt windows; the only modules that import Qt (through ``qtpy``).

The launch failure dialog runs in its own AYON launcher process; the
Process Monitor in the tray (the addon's tray action) or on its own.
"""
