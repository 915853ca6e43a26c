"""The schema exists only through migrations, and they match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from porsche_web.extensions import db


def test_migrations_reach_head_and_match_the_models(make_app, fresh_database_uri):
    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database_uri})
    with app.app_context():
        assert inspect(db.engine).get_table_names() == []
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_readyz_tells_whether_the_schema_is_at_head(make_app, fresh_database_uri):
    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database_uri})
    client = app.test_client()
    behind = client.get("/readyz")
    assert behind.status_code == 503 and behind.json["migrations"] == "behind"
    with app.app_context():
        upgrade()
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json == {
        "status": "ok",
        "database": "ok",
        "migrations": "head",
        "outbox": {"status": "ok", "pending": 0, "stuck": 0, "dead": 0, "sent_unknown": 0},
    }
    with app.app_context():
        db.engine.dispose()


def test_readyz_reports_an_unreachable_database(make_app):
    app = make_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/none"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def test_a_downgrade_that_would_delete_customers_contracts_is_refused(make_app, fresh_database_uri):
    """Below ``b49cfbb4c108`` a contract needs an activation: a used car's Charging Service
    (booked without one) cannot be kept there, so the downgrade stops and changes nothing."""
    from datetime import date

    import pytest

    from porsche_web.activation.models import Contract
    from porsche_web.testing.actions.activation import add_account

    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database_uri})
    with app.app_context():
        upgrade()
    account_id = add_account(app, "bo@example.com")
    with app.app_context():
        db.session.add(
            Contract(
                account_id=account_id,
                service_id="pcs",
                kind="charging",
                currency="EUR",
                starts_on=date(2026, 11, 1),
                ends_on=date(2027, 10, 31),
                vin="WP0ZZZY1ZTS000111",
                market="de",
                model_id="taycan",
                model_year=2026,
            )
        )
        db.session.commit()
        with db.engine.connect() as connection:
            head = MigrationContext.configure(connection).get_current_revision()
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits
            downgrade(revision="2752e0a447e9")
        db.session.rollback()
        assert db.session.query(Contract).count() == 1
        assert "vin" in {c["name"] for c in inspect(db.engine).get_columns("contracts")}
        with db.engine.connect() as connection:
            # PostgreSQL undoes the later revisions' downgrades with it (one transaction);
            # SQLite commits DDL as it goes, so it stops at the refusing revision.
            at = MigrationContext.configure(connection).get_current_revision()
            assert at == (head if db.engine.dialect.name == "postgresql" else "b49cfbb4c108")
        db.engine.dispose()
