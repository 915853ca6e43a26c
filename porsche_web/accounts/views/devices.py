"""Where the Porsche ID is signed in, signing out elsewhere, deleting the Porsche ID."""

from __future__ import annotations

from flask import flash, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from porsche_web import htmx
from porsche_web.accounts import bp, forms, services, sessions
from porsche_web.accounts.auth import (
    end_session,
    fresh_required,
)
from porsche_web.accounts.models import WebSession
from porsche_web.accounts.views.common import (
    PREFIX,
    page,
)
from porsche_web.extensions import db


def describe_agent(agent: str) -> str:
    agent = agent or ""
    browser = next(
        (
            name
            for key, name in (
                ("Edg/", "Edge"),
                ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"),
                ("Safari/", "Safari"),
            )
            if key in agent
        ),
        gettext("Unknown browser"),
    )
    system = next(
        (
            name
            for key, name in (
                ("Android", "Android"),
                ("iPhone", "iPhone"),
                ("iPad", "iPad"),
                ("Windows", "Windows"),
                ("Mac OS", "macOS"),
                ("Linux", "Linux"),
            )
            if key in agent
        ),
        gettext("unknown device"),
    )
    return gettext("%(browser)s on %(system)s", browser=browser, system=system)


@bp.get(f"{PREFIX}/sessions")
@login_required
def signed_in():
    current = sessions.current_sid_hash()
    rows = db.session.execute(
        db.select(WebSession)
        .where(WebSession.account_id == current_user.id)
        .order_by(WebSession.last_seen_at.desc())
    ).scalars()
    entries = [
        {
            "device": describe_agent(row.user_agent),
            "started": row.created_at,
            "seen": row.last_seen_at,
            "current": row.sid_hash == current,
        }
        for row in rows
    ]
    return page("accounts/sessions.html", entries=entries, form=forms.ConfirmForm())


@bp.post(f"{PREFIX}/sessions/end-others")
@login_required
def end_other_sessions():
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        ended = sessions.end_other_sessions(current_user.id, sessions.current_sid_hash())
        services.audit(current_user, "sessions.ended_others", count=ended)
        db.session.commit()
        flash(gettext("You were signed out everywhere else."), "success")
    return htmx.redirect(url_for("accounts.signed_in"))


@bp.route(f"{PREFIX}/delete", methods=["GET", "POST"])
@fresh_required
def delete_account():
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        services.delete_account(current_user)
        db.session.commit()
        end_session()
        flash(gettext("Your Porsche ID is deleted."), "info")
        return htmx.redirect(url_for("home.start"))
    return page("accounts/delete.html", form=form, account=current_user)
