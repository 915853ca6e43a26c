"""Secrets out of delivered messages: link tokens and codes are only needed until the message
has gone out (SECURITY.md: no secret kept in plain text; issue #20, item 4).

Links keep their site and page, so a delivered row still says what was sent: every path segment
that looks like a token (16 or more URL-safe characters, not only lowercase words) becomes
``[removed]`` and any query or fragment is dropped. In SMS every run of four or more digits
(codes, also written with separators) is replaced too.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

LINK = re.compile(r"https?://[^\s<>\"']+")
TOKEN_SEGMENT = re.compile(r"^(?![a-z\-]+$)[A-Za-z0-9_\-~.%]{16,}$")
DIGITS = re.compile(r"\d(?:[\s\-]?\d){3,}")
REMOVED = "[removed]"


def redact_link(link: str) -> str:
    parts = urlsplit(link)
    segments = [REMOVED if TOKEN_SEGMENT.match(s) else s for s in parts.path.split("/")]
    return urlunsplit((parts.scheme, parts.netloc, "/".join(segments), "", ""))


def redact_links(text: str) -> str:
    return LINK.sub(lambda match: redact_link(match.group(0)), text)


def redact_text(text: str | None, channel: str) -> str | None:
    """``text`` without link tokens (and, for SMS, without codes)."""
    if text is None:
        return None
    text = redact_links(text)
    if channel == "sms":
        text = DIGITS.sub(REMOVED, text)
    return text
