"""The accounts feature's boundaries: its services package keeps one public API for
``from porsche_web.accounts import services``, its modules stay small, and no other feature
imports its views (what they share lives in ``accounts.choices`` and ``accounts.pages``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import porsche_web
import porsche_web.accounts
from porsche_web.accounts import errors, services
from porsche_web.accounts import secrets_ as hashing
from porsche_web.testing.helpers import imported_modules

PACKAGE = Path(porsche_web.__file__).parent
ACCOUNTS = Path(porsche_web.accounts.__file__).parent
PLUGINS = Path(__file__).resolve().parents[2] / "plugins"  # the market teams' distributions
VIEWS = "porsche_web.accounts.views"
MAX_LINES = 500


def imports_views(source: str) -> bool:
    return any(name == VIEWS or name.startswith(VIEWS + ".") for name in imported_modules(source))


def test_the_services_package_exports_its_public_api():
    assert len(services.__all__) == len(set(services.__all__))
    missing = [name for name in services.__all__ if not hasattr(services, name)]
    assert missing == []
    # What callers used before the split is all still there.
    for name in (
        "authenticate",
        "register",
        "Registration",
        "parse_phone",
        "masked_phone",
        "send_phone_code",
        "verify_security_code",
        "delete_account",
        "find_by_email",
        "normalize_email",
        "email_account",
        "account_url",
        "audit",
        "find_token",
        "CONFIRM_EMAIL",
        "HASHER_NEEDS_REHASH",
    ):
        assert name in services.__all__, name


def test_the_refusals_are_the_ones_of_errors_py():
    assert len(errors.__all__) == len(set(errors.__all__))
    for name in errors.__all__:
        if name != "Message":
            assert getattr(services, name) is getattr(errors, name)
            assert issubclass(getattr(errors, name), errors.AccountError)


def test_rehash_check_follows_the_apps_hasher(app):
    with app.app_context():  # the test app hashes at minimal cost ("fast")
        assert not services.HASHER_NEEDS_REHASH(hashing.hash_secret("x"))
        assert services.HASHER_NEEDS_REHASH(hashing.HASHERS["standard"].hash("x"))


def test_no_accounts_module_is_over_500_lines():
    files = sorted(ACCOUNTS.rglob("*.py"))
    assert ACCOUNTS / "services" / "phone.py" in files  # the packages are searched too
    too_long = {
        str(path.relative_to(ACCOUNTS)): n
        for path in files
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from porsche_web.accounts.views import phone_context", True),
        ("from porsche_web.accounts import views", True),
        ("import porsche_web.accounts.views.phone as p", True),
        ("from porsche_web.accounts.views.common import page", True),
        ("from porsche_web.accounts.pages import phone_context", False),
        ("from porsche_web.accounts import choices, services", False),
    ],
)
def test_the_import_check_sees_every_spelling(source, found):
    assert imports_views(source) is found


def test_no_module_outside_accounts_imports_its_views():
    files = [
        path
        for root in (PACKAGE, PLUGINS)
        for path in sorted(root.rglob("*.py"))
        if ACCOUNTS not in path.parents
    ]
    assert PACKAGE / "activation" / "wizard" / "account.py" in files
    assert any(PLUGINS in path.parents for path in files)
    offenders = [str(path) for path in files if imports_views(path.read_text(encoding="utf-8"))]
    assert offenders == []
