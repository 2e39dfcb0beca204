"""Record the application that published a version in its data."""
import pyblish.api


class IntegrateVersionAppNameData(pyblish.api.InstancePlugin):
    """Set ``versionData["ayon_app_name"]`` from the context's app."""

    label = "Add app name to version data"
    order = pyblish.api.IntegratorOrder - 0.49

    def process(self, instance: pyblish.api.Instance) -> None:
        """Copy the context's ``appName`` into the version data."""
        version_data = instance.data.setdefault("versionData", {})
        app_name = instance.context.data.get("appName")
        version_data["ayon_app_name"] = app_name
        self.log.debug("Version data 'ayon_app_name' set to: %s", app_name)
