"""porsche_web market plugin of the market team Europe: 29 markets."""

__version__ = "0.1.0"
