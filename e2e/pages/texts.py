"""The words a customer reads, in the site's language: the site's own catalogs.

Page objects name what they look for by the message id of the core (``t("Continue")``) and get
the text of the site they visit: the core's catalog and the market plugins' catalogs in the
language of the journey, formatted for the site's locale (``sv_SE``). So a journey runs in any
installed language without a table of its words; ``e2e/test_texts.py`` pins the Swedish and
English words of the default journeys, so a catalog change shows there first.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask_babel import force_locale, gettext, ngettext


class Texts:
    """``t(msgid, **values)``: the message in ``language`` as the site shows it."""

    def __init__(self, app: Flask, locale: str) -> None:
        self.app = app
        self.locale = locale

    def __call__(self, msgid: str, **values: Any) -> str:
        with self.app.test_request_context(), force_locale(self.locale):
            return gettext(msgid, **values)

    def plural(self, singular: str, plural: str, num: int, **values: Any) -> str:
        with self.app.test_request_context(), force_locale(self.locale):
            return ngettext(singular, plural, num, **values)

    def lead(self, msgid: str, **values: Any) -> str:
        """The message up to the end of its first clause (``"The code is not right. Check …"``
        → ``"The code is not right"``): what a journey looks for in a longer message."""
        return re.split(r"[:.]\s", self(msgid, **values) + " ", maxsplit=1)[0].rstrip(". ")

    def run(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        """``function(*args, **kwargs)`` in the site's locale (the app's own formatting, e.g.
        :func:`porsche_web.connect.pricing.offer_terms`)."""
        with self.app.test_request_context(), force_locale(self.locale):
            return function(*args, **kwargs)


def loose(text: str) -> re.Pattern[str]:
    """``text`` as a pattern where any run of spaces (also no-break spaces) matches any other."""
    return re.compile(r"\s+".join(re.escape(part) for part in text.split()))
