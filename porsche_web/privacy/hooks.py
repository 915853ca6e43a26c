"""The privacy centre's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask import render_template

from porsche_web.hooks import HomeSection, core_hookimpl

#: After the car and the activations on My Porsche.
MY_PORSCHE_ORDER = 900


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection:
    return HomeSection(render_template("privacy/my_porsche.html"), MY_PORSCHE_ORDER)
