"""STAND-IN for ``ayon_core.lib.log`` (cannot be installed from the package
index): ``Logger.get_logger`` returns a standard ``logging`` logger."""
import logging


class Logger:
    @classmethod
    def get_logger(cls, name=None, _host=None):
        return logging.getLogger(name or "__main__")
