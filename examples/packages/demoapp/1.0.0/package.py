name = "demoapp"
version = "1.0.0"
description = "A demo application: prints what it was launched with."
requires = ["python-3.11"]
tools = ["demoapp"]
timestamp = 1767225600


def commands():
    env.PATH.prepend("{root}/bin")
    env.DEMOAPP_VERSION = "{version}"
