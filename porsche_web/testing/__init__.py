"""Test support for the core and for market teams (published as the pytest plugin
``porsche_web.testing.pytest_plugin`` through the ``pytest11`` entry point).

Fixtures: ``make_app``, ``app``, ``client``, ``runner``, ``database_uri``, ``fresh_database_uri``;
for market teams also ``market_registry`` and ``market_problems`` (what ``markets check`` finds).
Choose the database with ``--db=sqlite`` (default) or ``--db=postgresql`` (a throwaway server is
started for the session), or the ``PORSCHE_WEB_TEST_DB`` environment variable.
"""
