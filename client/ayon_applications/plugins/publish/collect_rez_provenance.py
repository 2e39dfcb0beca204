"""Collect what the launch of this process resolved with rez.

Stores :func:`ayon_applications.provenance.rez_provenance` of this
process's environment as ``context.data["ayon_rez"]`` (packages with
versions and variant indexes, request, timestamp); nothing outside rez.
"""
import os

import pyblish.api

from ayon_applications.provenance import VERSION_DATA_KEY, rez_provenance


class CollectRezProvenance(pyblish.api.ContextPlugin):
    """Collect the packages, request and time of the app's rez resolve."""

    label = "Collect rez provenance"
    order = pyblish.api.CollectorOrder - 0.45

    def process(self, context: pyblish.api.Context) -> None:
        """Read the launch's resolve once for every instance."""
        if VERSION_DATA_KEY in context.data:
            return
        provenance = rez_provenance(os.environ)
        if provenance is None:
            self.log.debug("Not launched through rez: no provenance")
            return
        context.data[VERSION_DATA_KEY] = provenance
        self.log.debug(
            "rez provenance: %s",
            " ".join(
                f"{p['name']}-{p['version']}" for p in provenance["packages"]
            ),
        )
