"""porsche_web market plugin of the market team Nordics: dk, fi, no, is."""

__version__ = "0.1.0"
