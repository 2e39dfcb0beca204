name = "demoplugin"
version = "1.0.0"
description = "A plug-in of demoapp, released in two versions."
requires = ["demoapp"]
timestamp = 1767225600


def commands():
    env.DEMOPLUGIN_VERSION = "{version}"
    env.DEMOAPP_PLUGIN_PATH.append("{root}/plugins")
