"""porsche_web market plugin of the market team North America: us, ca."""

__version__ = "0.1.0"
