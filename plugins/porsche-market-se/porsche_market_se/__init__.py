"""porsche_web market plugin for Sweden."""

__version__ = "0.1.0"
