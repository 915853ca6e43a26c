"""Porsche ID actions: register on the Swedish site, confirm the e-mail address, log in."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from porsche_web.accounts.models import Account
from porsche_web.extensions import db
from porsche_web.testing.helpers import outbox, post_form

SV = "/se/sv/account"
EN = "/se/en/account"
PASSWORD = "a long walk by the sea"
EMAIL = "anna.svensson@example.com"


def register(client, email=EMAIL, password=PASSWORD, base=SV, **extra):
    data = {
        "given_name": "Anna",
        "family_name": "Svensson",
        "email": email,
        "phone": "070-174 06 06",
        "country": "se",
        "language": base.split("/")[2],
        "password": password,
        **extra,
    }
    return post_form(client, f"{base}/register", data)


def link_in(message, part):
    return next(link for link in re.findall(r"https?://\S+", message.text_body) if part in link)


def path_of(link, app):
    return link.removeprefix(app.config["PUBLIC_BASE_URL"].rstrip("/"))


def confirm(client, app, email=EMAIL):
    message = [m for m in outbox(app, "email") if m.to_address == email][-1]
    path = path_of(link_in(message, "/confirm-email/"), app)
    return post_form(client, path, {})


def login(client, email=EMAIL, password=PASSWORD, base=SV):
    return post_form(client, f"{base}/login", {"email": email, "password": password})


def logout(client, base=SV):
    return post_form(client, f"{base}/logout", {}, page=f"{base}/")


def account(app, email=EMAIL) -> Account:
    with app.app_context():
        found = db.session.execute(db.select(Account).where(Account.email == email)).scalar()
        db.session.expunge_all()
        return found


class PorscheIdActions:
    """The actions above for one app and one browser (the ``porsche_id`` fixture)::

    def test_a_confirmed_porsche_id_logs_in(porsche_id):
        porsche_id.register()
        porsche_id.confirm()
        assert porsche_id.login().status_code == 303
    """

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app = app
        self.client = client

    def register(self, email=EMAIL, password=PASSWORD, base=SV, **extra):
        return register(self.client, email, password, base, **extra)

    def confirm(self, email=EMAIL):
        return confirm(self.client, self.app, email)

    def register_and_confirm(self, email=EMAIL, password=PASSWORD, base=SV) -> Account:
        """A Porsche ID registered and confirmed through the pages."""
        assert self.register(email, password, base).status_code == 303
        assert self.confirm(email).status_code == 303
        return self.account(email)

    def login(self, email=EMAIL, password=PASSWORD, base=SV):
        return login(self.client, email, password, base)

    def logout(self, base=SV):
        return logout(self.client, base)

    def account(self, email=EMAIL) -> Account:
        return account(self.app, email)
