name = "python"
version = "3.11.0"
description = "Stand-in for a studio Python package (uses the system python3)."
timestamp = 1767225600


def commands():
    env.DEMO_PYTHON_VERSION = "{version}"
    env.PYTHONPATH.prepend("{root}/lib")
