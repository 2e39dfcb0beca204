name = "demotool"
version = "1.0.0"
description = "A tool that joins the resolve when the task's profile asks."
timestamp = 1767225600


def commands():
    env.DEMOTOOL_VERSION = "{version}"
