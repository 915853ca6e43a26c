"""porsche_web: the customer-facing "My Porsche" site.

``create_app`` is the application factory; ``flask --app porsche_web`` finds it by name.
"""

__version__ = "0.2.0"

from porsche_web.app import create_app  # noqa: E402

__all__ = ["__version__", "create_app"]
