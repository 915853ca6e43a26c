"""Invitations (F4-F6): timing with a frozen clock, the link's life, single use, voiding,
the link problem page and the self-service new link (F22)."""

from __future__ import annotations

import ast
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

import porsche_web
from porsche_web.accounts import secrets_ as hashing
from porsche_web.extensions import db
from porsche_web.orders import invitations, services
from porsche_web.orders.models import Invitation
from porsche_web.testing.helpers import outbox, post_form

DELIVERY = date(2026, 12, 24)
LINK = re.compile(r"http://[^\s]+/activate/([A-Za-z0-9_-]{43})")


def make_order(app, number="SE-100200", delivery=DELIVERY, **customer):
    raw = {
        "order_number": number,
        "market": "se",
        "partner_id": "se-goteborg",
        "customer": {
            "given_name": "Astrid",
            "family_name": "Exempel",
            "email": "astrid@example.com",
            "language": "sv",
            **customer,
        },
        "vehicle": {"model": "taycan", "model_year": 2026, "commission_number": "SE12345"},
        "planned_delivery": delivery.isoformat(),
    }
    with app.app_context():
        services.save_order(services.validate_order(raw))
        db.session.commit()


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def send_due(runner, moment: datetime) -> str:
    with time_machine.travel(moment, tick=False):
        return runner.invoke(args=["invitations", "send-due"]).output


def links(app) -> list[str]:
    return [m for e in outbox(app, "email") for m in LINK.findall(e.text_body)]


@pytest.mark.parametrize(("days_before", "sent"), [(15, 0), (14, 1), (13, 1)])
def test_the_invitation_goes_out_14_days_before_delivery(app, runner, days_before, sent):
    make_order(app)
    output = send_due(runner, at(DELIVERY - timedelta(days=days_before)))
    assert f"{sent} invitation(s) queued" in output
    assert len(outbox(app, "email")) == sent


def test_an_invitation_is_sent_once(app, runner):
    make_order(app)
    send_due(runner, at(DELIVERY - timedelta(days=14)))
    assert "0 invitation(s)" in send_due(runner, at(DELIVERY - timedelta(days=13)))
    assert len(outbox(app, "email")) == 1


def test_the_email_is_in_the_customers_language_with_the_button(app, runner):
    make_order(app, language="en")
    send_due(runner, at(DELIVERY - timedelta(days=14)))
    [message] = outbox(app, "email")
    assert message.language == "en"
    assert message.to_address == "astrid@example.com"
    assert "Continue to activation" in message.html_body
    assert "/se/en/activate/" in message.text_body
    # The customer has no Porsche ID yet: the footer says why the e-mail came instead.
    assert "your Porsche Centre registered your order" in message.text_body
    assert "because you have a Porsche ID" not in message.text_body
    with app.app_context():
        invitation = db.session.query(Invitation).one()
        token = links(app)[0]
        assert token not in invitation.token_hash
        assert invitation.token_hash == hashing.hash_token(token)


def test_the_swedish_email_is_swedish(app, runner):
    make_order(app)
    send_due(runner, at(DELIVERY - timedelta(days=14)))
    [message] = outbox(app, "email")
    assert "Fortsätt till aktiveringen" in message.html_body


def invite(app, runner, moment=None) -> tuple[str, datetime]:
    moment = moment or at(DELIVERY - timedelta(days=14))
    make_order(app)
    send_due(runner, moment)
    return links(app)[-1], moment


def test_get_shows_a_continue_button_and_does_not_use_the_link(app, client, runner):
    token, sent = invite(app, runner)
    with time_machine.travel(sent + timedelta(hours=1), tick=False):
        for _ in range(2):
            response = client.get(f"/se/sv/activate/{token}")
            assert response.status_code == 200
            assert response.headers["Referrer-Policy"] == "no-referrer"
            assert response.headers["Cache-Control"] == "no-store"
            assert "Fortsätt" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Invitation).one().used_at is None


def test_post_uses_the_link_once_and_redirects_to_a_token_free_page(app, client, runner):
    token, sent = invite(app, runner)
    with time_machine.travel(sent + timedelta(days=1), tick=False):
        response = post_form(client, f"/se/sv/activate/{token}", {})
        assert response.status_code in (302, 303)
        assert response.headers["Location"].endswith("/se/sv/activate")
        assert token not in response.headers["Location"]
        assert response.headers["Referrer-Policy"] == "no-referrer"
        start = client.get("/se/sv/activate")
        assert "SE-100200" in start.get_data(as_text=True)
        again = client.get(f"/se/sv/activate/{token}")
        assert again.status_code == 410
        # A second POST (double click, back button) does not use it again either.
        repeat = post_form(client, f"/se/sv/activate/{token}", {}, page="/se/sv/activate")
        assert repeat.status_code == 410


@pytest.mark.parametrize(
    ("after", "works"),
    [
        (timedelta(days=13, hours=23), True),
        (timedelta(days=14), False),
        (timedelta(days=15), False),
    ],
)
def test_the_link_lives_14_days(app, client, runner, after, works):
    token, sent = invite(app, runner)
    with time_machine.travel(sent + after, tick=False):
        response = client.get(f"/se/sv/activate/{token}")
    assert response.status_code == (200 if works else 410)


def test_a_new_invitation_voids_older_links(app, client, runner):
    token, sent = invite(app, runner)
    with app.app_context(), time_machine.travel(sent + timedelta(days=2), tick=False):
        with app.test_request_context():
            invitations.send_invitation(services.find_order("SE-100200"))
        db.session.commit()
    first, second = links(app)
    assert first == token
    with time_machine.travel(sent + timedelta(days=2, hours=1), tick=False):
        assert client.get(f"/se/sv/activate/{first}").status_code == 410
        assert client.get(f"/se/sv/activate/{second}").status_code == 200


def test_a_changed_email_voids_the_link_and_invites_the_new_address(app, client, runner):
    token, sent = invite(app, runner)
    make_order(app, email="new.address@example.com")
    assert client.get(f"/se/sv/activate/{token}").status_code == 410
    send_due(runner, sent + timedelta(days=1))
    latest = outbox(app, "email")[-1]
    assert latest.to_address == "new.address@example.com"


def test_a_voided_link_lets_send_due_invite_again_with_a_fresh_marker(app, client, runner):
    """Every voiding goes through ``services.void_invitations``, which keeps ``invited_at``
    (what ``send-due``'s query reads, ix_orders_to_invite): a voided link makes the order due
    again at once, the next round invites it exactly once, and the round after that does not."""
    token, sent = invite(app, runner)
    with app.app_context():
        assert services.find_order("SE-100200").invited_at == sent
    make_order(app, email="new.address@example.com")  # the dealer changes the address: voided
    with app.app_context():
        order = services.find_order("SE-100200")
        assert order.invited_at is None
        assert [i.voided_at is not None for i in order.invitations] == [True]
    assert client.get(f"/se/sv/activate/{token}").status_code == 410
    later = sent + timedelta(days=1)
    assert "1 invitation(s) queued" in send_due(runner, later)
    assert "0 invitation(s) queued" in send_due(runner, later + timedelta(hours=1))
    with app.app_context():
        order = services.find_order("SE-100200")
        assert order.invited_at == later
        assert [i.email for i in order.invitations if i.voided_at is None] == [
            "new.address@example.com"
        ]
    assert [m.to_address for m in outbox(app, "email")][-2:] == [
        "astrid@example.com",
        "new.address@example.com",
    ]


def test_only_void_invitations_writes_a_links_voided_at():
    """No other code sets ``Invitation.voided_at`` (an attribute, a keyword of an insert or
    update, a ``.values()``), so ``orders.invited_at`` cannot go stale behind its back."""
    root = Path(porsche_web.__file__).parent
    writers = set()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(("migrations/", "charging/")):  # charging cards' own voided_at
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else []
            keywords = node.keywords if isinstance(node, ast.Call) else []
            if any(getattr(t, "attr", None) == "voided_at" for t in targets) or any(
                k.arg == "voided_at" for k in keywords
            ):
                inside = [f.name for f in functions if f.lineno <= node.lineno <= f.end_lineno]
                writers.add(f"{relative}:{inside[-1] if inside else '<module>'}")
    assert sorted(writers) == ["orders/services.py:void_invitations"]


def test_a_cancelled_order_is_not_invited(app, runner):
    make_order(app)
    with app.app_context():
        services.find_order("SE-100200").status = "cancelled"
        db.session.commit()
    assert "0 invitation(s)" in send_due(runner, at(DELIVERY - timedelta(days=14)))


def test_an_unknown_link_explains_and_offers_ways_on(client):
    response = client.get("/se/sv/activate/" + "x" * 43)
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "/se/sv/activate/new-link" in html
    assert "smartmobility@se.porsche.com" in html
    assert response.headers["Cache-Control"] == "no-store"


def test_an_expired_link_names_the_orders_porsche_centre(app, client, runner):
    token, sent = invite(app, runner)
    with time_machine.travel(sent + timedelta(days=20), tick=False):
        html = client.get(f"/se/en/activate/{token}").get_data(as_text=True)
    assert "Porsche Center Göteborg" in html


def test_the_start_page_needs_a_used_link(client):
    response = client.get("/se/sv/activate")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/se/sv/activate/new-link")


def ask_new_link(client, number, email):
    return post_form(client, "/se/en/activate/new-link", {"order_number": number, "email": email})


def test_new_link_goes_only_to_the_orders_address(app, client, runner):
    token, sent = invite(app, runner)
    with time_machine.travel(sent + timedelta(days=20), tick=False):
        wrong = ask_new_link(client, "SE-100200", "someone.else@example.com")
        unknown = ask_new_link(client, "SE-999999", "astrid@example.com")
        right = ask_new_link(client, "se-100200", "ASTRID@example.com")
    for response in (wrong, unknown, right):
        assert response.status_code in (302, 303)
        assert response.headers["Location"].endswith("/se/en/activate/new-link/sent")
    messages = outbox(app, "email")
    assert len(messages) == 2
    assert messages[-1].to_address == "astrid@example.com"
    with time_machine.travel(sent + timedelta(days=20, hours=1), tick=False):
        assert client.get(f"/se/sv/activate/{links(app)[-1]}").status_code == 200


def test_new_link_is_limited_per_order(app, client, runner):
    token, sent = invite(app, runner)
    with time_machine.travel(sent + timedelta(days=20), tick=False):
        ask_new_link(client, "SE-100200", "astrid@example.com")
        ask_new_link(client, "SE-100200", "astrid@example.com")
    assert len(outbox(app, "email")) == 2


def test_new_link_form_errors_are_shown(client):
    response = ask_new_link(client, "", "nope")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter the order number" in html


def test_new_link_is_rate_limited(app, client):
    statuses = [ask_new_link(client, "SE-1", "a@example.com").status_code for _ in range(7)]
    assert 429 in statuses


@pytest.mark.postgres
def test_two_concurrent_posts_use_the_link_once(app, runner):
    """Two tabs press Continue at the same moment: exactly one uses the link (also on PG)."""
    import threading

    token, sent = invite(app, runner)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def press() -> None:
        with app.app_context():
            invitation = invitations.find_invitation(token)
            assert invitation is not None
            barrier.wait(5)
            try:
                invitations.use_invitation(token, sent + timedelta(hours=1))
                db.session.commit()
                results.append("used")
            except invitations.LinkUnusable:
                db.session.rollback()
                results.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["refused", "used"]
