"""Request bodies of our JSON APIs (dealer API, vehicle API)."""

from __future__ import annotations

from typing import Any

from flask import request


def json_body() -> Any:
    """The parsed JSON body, or None when it is missing, not JSON or nested too deeply to
    parse (Python's parser raises RecursionError there, which Flask does not catch)."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None
