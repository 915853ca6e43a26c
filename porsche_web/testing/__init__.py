"""Test support for the core and for market teams (published as the pytest plugin
``porsche_web.testing.pytest_plugin`` through the ``pytest11`` entry point).

- :mod:`.pytest_plugin`: the fixtures (``make_app``, ``app``, ``client``, ``runner``,
  ``database_uri``, ``fresh_database_uri``, ``make_core_app``, ``new_zealand_plugin``, the
  actions ``porsche_id``, ``activation``, ``vehicles``; for market teams also
  ``market_registry`` and ``market_problems``), the ``real_hashing`` marker and ``--db``. Its
  docstring lists them all.
- :mod:`.actions`: what a person does (register, confirm, log in; an order and its invitation,
  the guided activation up to check-your-answers; linking the car), as functions and as the
  classes behind the action fixtures.
- :mod:`.helpers`: forms with their CSRF token, the outbox, reading pages (``h1``, ``html_lang``,
  ``links``), ``PRODUCTION_SETTINGS``.
- :mod:`.markets`: ``FakeMarketPlugin`` and two markets no installed plugin declares
  (``NEW_ZEALAND``, ``ALAND``), for tests of the core's own logic with ``make_core_app``;
  ``country_without_market`` and ``markets_with_contact`` (examples and counts from the
  registry, whatever is installed); ``build_brazil_distribution`` (a market distribution with
  a language the core does not ship, installed by putting it on ``sys.path``).

Choose the database with ``--db=sqlite`` (default) or ``--db=postgresql`` (a throwaway server is
started for the session), or the ``PORSCHE_WEB_TEST_DB`` environment variable.
"""
