"""Package declaring the addon version."""
__version__ = "2.0.0+rez"
