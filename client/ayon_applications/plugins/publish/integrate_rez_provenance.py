"""Record the rez provenance of a version in its data.

``versionData["ayon_rez"]``: the resolved packages (name, version,
variant index), the request and the timestamp of the launch that made
the version, so a TD can tell which plug-in versions made a file.
"""
import copy

import pyblish.api

from ayon_applications.provenance import VERSION_DATA_KEY


class IntegrateVersionRezData(pyblish.api.InstancePlugin):
    """Set ``versionData["ayon_rez"]`` from the collected provenance."""

    label = "Add rez provenance to version data"
    order = pyblish.api.IntegratorOrder - 0.49

    def process(self, instance: pyblish.api.Instance) -> None:
        """Copy the context's provenance, if any, into the version."""
        provenance = instance.context.data.get(VERSION_DATA_KEY)
        if not provenance:
            return
        version_data = instance.data.setdefault("versionData", {})
        version_data[VERSION_DATA_KEY] = copy.deepcopy(provenance)
