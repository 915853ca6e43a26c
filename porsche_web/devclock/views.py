"""``/dev/clock`` (the page), ``/dev/clock.json`` (the time, for the journeys) and the two
POSTs: move forward, back to the real time."""

from __future__ import annotations

import logging
from datetime import timedelta

from babel.lists import format_list
from flask import abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import format_timedelta, get_locale, gettext

from porsche_web import clock
from porsche_web.devclock import bp
from porsche_web.devclock.forms import BackForm, MoveForm

log = logging.getLogger("porsche_web.devclock")


@bp.before_request
def _only_when_enabled():
    if not current_app.config["DEV_CLOCK"]:
        abort(404)


def moved_by(offset: timedelta) -> str:
    """The clock's offset, exact to the minute: "2 days, 3 hours and 15 minutes"."""
    minutes = int(offset.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        format_timedelta(timedelta(**{unit: amount}), threshold=1)
        for unit, amount in (("days", days), ("hours", hours), ("minutes", minutes))
        if amount
    ]
    return format_list(parts, locale=get_locale()) if parts else ""


def _page(form: MoveForm, status: int = 200):
    response = current_app.make_response(
        (
            render_template(
                "devclock/clock.html",
                form=form,
                back_form=BackForm(),
                now=clock.now(),
                moved=moved_by(clock.offset()),
            ),
            status,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/dev/clock")
def page():
    return _page(MoveForm(formdata=None))


@bp.get("/dev/clock.json")
def as_json():
    response = jsonify(
        now=clock.now().isoformat(), offset_seconds=int(clock.offset().total_seconds())
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/dev/clock")
def move():
    form = MoveForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    clock.move_forward(form.step)
    log.warning("development clock moved forward by %s (now %s)", form.step, clock.now())
    flash(
        gettext("The site's clock moved forward by %(step)s.", step=format_timedelta(form.step)),
        "success",
    )
    return redirect(url_for("devclock.page"), 303)


@bp.post("/dev/clock/real-time")
def back():
    if BackForm().validate_on_submit():
        clock.back_to_real_time()
        log.warning("development clock back to the real time")
        flash(gettext("The site's clock shows the real time again."), "success")
    return redirect(url_for("devclock.page"), 303)
