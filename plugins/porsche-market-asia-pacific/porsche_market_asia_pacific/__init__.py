"""porsche_web market plugin of the market team Asia-Pacific: au, cn, hk, jp, tw."""

__version__ = "0.1.0"
