"""porsche_web market plugin of the market team UK & Ireland: gb, ie, gi."""

__version__ = "0.1.0"
