"""porsche_web market plugin for Germany."""

__version__ = "0.1.0"
