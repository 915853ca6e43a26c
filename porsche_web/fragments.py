"""Rendered fragments computed once per process (issue #11, item 3: work done once).

A template wraps a part that is the same for every request of a market and language in
``{% cache "name" %} … {% endcache %}``::

    {% cache "support-directory" %}<table>…</table>{% endcache %}
    {% cache "support-finder" if not request.args %}…{% endcache %}

The first request renders the part; later ones get the same markup. The key is the template,
the name, the site's market and page language (:func:`porsche_web.i18n.ui_language`) and the
application root, plus any further values given after the name (``{% cache "x", model.id %}``:
only values from a small, fixed set, never something a visitor types). A name that is false
(``None``, ``""``, or a ``… if condition`` that does not hold) renders the part without the
cache, e.g. a form showing a visitor's choice or errors.

The markup is kept in the market registry's memo (:meth:`MarketRegistry.memo`): one per application
and plugin set, forgotten with the plugins' answers (:meth:`MarketRegistry.clear_cache`),
at most :data:`MAX_FRAGMENTS` parts (the least recently used go first).
**Never personal data**: a cached part must not depend on the session, the account, a CSRF
token or the request's query. ``FRAGMENT_CACHE = False`` (the default when templates are
reloaded, ``make run``'s debug server) renders every part on every request.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, request
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Undefined

from porsche_web.i18n import ui_language
from porsche_web.markets.registry import current_registry


def enabled() -> bool:
    """``FRAGMENT_CACHE`` (read with ``config.get``; tests switch it), by default on unless the
    templates are reloaded (the development server)."""
    return bool(
        current_app.config.get("FRAGMENT_CACHE", current_app.extensions["porsche_web.fragments"])
    )


def fragment_key(template: str | None, name: str, extra: tuple[Any, ...]) -> tuple[Any, ...]:
    market = g.get("market")
    return (
        "fragment",
        template,
        name,
        market.code if market is not None else None,
        ui_language(),
        request.script_root,
        *extra,
    )


#: At most this many parts per process (the least recently used go first): the Store alone
#: could have markets x languages x models x years of them.
MAX_FRAGMENTS = 2000
#: At most this many whole pages per process (pages x markets x languages x hosts; a new
#: hour's anonymous CSRF token makes new ones, the least recently used go first).
MAX_PAGES = 500


class Fragments:
    """The kept parts of one plugin set, least recently used first out."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit or MAX_FRAGMENTS
        self.parts: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], render: Callable[[], str]) -> str:
        markup = self.find(key)
        if markup is None:
            markup = render()  # outside the lock: rendering may use other caches
            self.keep(key, markup)
        return markup

    def find(self, key: tuple[Any, ...]) -> Any:
        """The part kept under ``key``, or None."""
        with self.lock:
            found = self.parts.get(key)
            if found is not None:
                self.parts.move_to_end(key)
            return found

    def keep(self, key: tuple[Any, ...], part: Any) -> None:
        with self.lock:
            self.parts[key] = part
            while len(self.parts) > self.limit:
                self.parts.popitem(last=False)


def kept() -> Fragments:
    """This application's parts for the current plugin set (forgotten with its answers). Two
    applications in one process (tests, or a market team's checks) never share parts: their
    catalogs or configuration may differ even where the plugin set is the same."""
    return current_registry().memo(
        ("fragments", current_app.extensions["porsche_web.fragments_of"]), Fragments
    )


def kept_pages() -> Fragments:
    """This application's whole pages (``porsche_web.serving.kept_page``), kept like its parts
    and forgotten with them."""
    return current_registry().memo(
        ("pages", current_app.extensions["porsche_web.fragments_of"]),
        lambda: Fragments(MAX_PAGES),
    )


def cached(key: tuple[Any, ...], render: Callable[[], str]) -> str:
    """``render()``'s answer, kept (a Jinja caller's answer is already ``Markup``)."""
    return kept().get(key, render)


class FragmentCache(Extension):
    """The ``{% cache %}`` tag (see the module doc)."""

    tags = {"cache"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        arguments = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            arguments.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method(
            "_render", [nodes.Const(parser.name), nodes.List(arguments)], lineno=lineno
        )
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _render(self, template: str | None, arguments: list[Any], caller: Callable[[], str]) -> str:
        name, *extra = arguments
        if not name or isinstance(name, Undefined) or not enabled():
            return caller()
        return cached(fragment_key(template, name, tuple(extra)), caller)


def init_app(app: Flask) -> None:
    reloading = app.config.get("TEMPLATES_AUTO_RELOAD") or app.debug
    app.extensions["porsche_web.fragments"] = app.config.get("FRAGMENT_CACHE", not reloading)
    app.extensions["porsche_web.fragments_of"] = uuid.uuid4().hex  # this application's parts
    app.jinja_env.add_extension(FragmentCache)
