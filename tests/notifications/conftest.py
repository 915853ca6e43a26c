"""What the outbox tests share: a free port for a local SMTP server, and the settings that
point the app at it."""

from __future__ import annotations

import pytest

from porsche_web.testing.postgres import free_port

BASE = "https://my.porsche.example"


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def smtp_settings(smtp_port) -> dict:
    """The app sends to the local SMTP server on ``smtp_port``, retries three times."""
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_port,
        "SMTP_TIMEOUT": 2,
        "PUBLIC_BASE_URL": BASE,
        "OUTBOX_MAX_ATTEMPTS": 3,
        "OUTBOX_RETRY_SECONDS": 30,
    }
