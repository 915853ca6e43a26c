"""The application factory: a recipe of ``configure_*`` steps (FlaskBB style)."""

from __future__ import annotations

import contextlib
import os
import weakref
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from porsche_web import config as config_module
from porsche_web.extensions import csrf, db, migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class Site(Flask):
    """Flask, with what it asks of every request's functions remembered (issue #11)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: the functions Flask found to be plain (not coroutine) functions; weak keys, and a
        #: value that holds no reference to its key, so a function made for one request
        #: (``after_this_request``) goes with it
        self._plain: weakref.WeakKeyDictionary[Callable[..., Any], bool] = (
            weakref.WeakKeyDictionary()
        )

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Flask's answer, once per function: Flask asks ``inspect`` whether each view,
        ``before_request`` and ``after_request`` function is a coroutine function on every
        request (~15 times a page)."""
        if func in self._plain:  # False for what cannot be referenced weakly
            return func
        synced = super().ensure_sync(func)
        if synced is func:
            with contextlib.suppress(TypeError):  # cannot be referenced weakly
                self._plain[func] = True
        return synced


def create_app(
    config: Mapping[str, Any] | None = None,
    *,
    plugins: Iterable[object] = (),
    core_plugins: Iterable[object] = (),
) -> Flask:
    """Build the application.

    :param config: settings that win over the defaults and the ``PORSCHE_WEB_*`` environment.
    :param plugins: market plugin objects to register besides the installed ones (tests).
    :param core_plugins: internal hook implementations to register besides the core's features
        (tests; see ``porsche_web/hooks.py``).
    """
    app = Site("porsche_web", instance_relative_config=True)
    configure_app(app, config or {})

    from porsche_web import logs

    logs.configure_logging(app)
    configure_extensions(app)

    from porsche_web import i18n, sites
    from porsche_web.markets import registry

    market_registry = registry.init_app(app, plugins)
    i18n.init_app(app, market_registry)
    sites.init_app(app)

    from porsche_web import forms, htmx, security, serving

    forms.init_app(app)
    htmx.init_app(app)
    security.init_app(app)
    serving.init_app(app)
    register_blueprints(app)
    serving.cache_public_pages(app)

    from porsche_web import hooks

    hooks.init_app(app, core_plugins)

    from porsche_web import errors

    errors.init_app(app)
    register_cli(app)
    return app


def configure_app(app: Flask, overrides: Mapping[str, Any]) -> None:
    """Defaults for the environment, then ``PORSCHE_WEB_*`` variables, then ``overrides``."""
    environment = overrides.get("ENVIRONMENT") or os.environ.get(
        f"{config_module.ENV_PREFIX}_ENVIRONMENT", "production"
    )
    app.config.update(config_module.defaults_for(environment, app.instance_path))
    app.config.from_prefixed_env(config_module.ENV_PREFIX)
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY") and app.config["ENVIRONMENT"] == "development":
        app.config["SECRET_KEY"] = config_module.development_secret_key(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = config_module.normalise_database_uri(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    config_module.validate(app.config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def configure_extensions(app: Flask) -> None:
    # Every model module must be imported before migrations compare the metadata.
    from porsche_web.accounts import models as _accounts_models  # noqa: F401
    from porsche_web.activation import models as _activation_models  # noqa: F401
    from porsche_web.audit import models as _audit_models  # noqa: F401
    from porsche_web.charging import models as _charging_models  # noqa: F401
    from porsche_web.datapass import models as _datapass_models  # noqa: F401
    from porsche_web.notifications import models as _notifications_models  # noqa: F401
    from porsche_web.orders import models as _orders_models  # noqa: F401
    from porsche_web.people import models as _people_models  # noqa: F401
    from porsche_web.privacy import models as _privacy_models  # noqa: F401
    from porsche_web.sale import models as _sale_models  # noqa: F401
    from porsche_web.staff import models as _staff_models  # noqa: F401
    from porsche_web.subscriptions import models as _subscriptions_models  # noqa: F401
    from porsche_web.tracking import models as _tracking_models  # noqa: F401
    from porsche_web.vehicles import models as _vehicles_models  # noqa: F401

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)

    from porsche_web import ratelimit
    from porsche_web.accounts import auth

    ratelimit.init_app(app)
    auth.init_app(app)


def register_blueprints(app: Flask) -> None:
    from porsche_web.connect import bp as connect_bp
    from porsche_web.home import bp as home_bp
    from porsche_web.ops import bp as ops_bp
    from porsche_web.support import bp as support_bp

    app.register_blueprint(ops_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(support_bp)
    app.register_blueprint(connect_bp)

    from porsche_web.accounts import bp as accounts_bp
    from porsche_web.notifications import bp as notifications_bp

    app.register_blueprint(accounts_bp)
    app.register_blueprint(notifications_bp)

    from porsche_web.activation import bp as activation_bp
    from porsche_web.orders import bp as orders_bp

    app.register_blueprint(orders_bp)
    app.register_blueprint(activation_bp)

    from porsche_web.vehicles import bp as vehicles_bp

    app.register_blueprint(vehicles_bp)

    from porsche_web.charging import bp as charging_bp

    app.register_blueprint(charging_bp)

    from porsche_web.tracking import bp as tracking_bp

    app.register_blueprint(tracking_bp)

    from porsche_web.datapass import bp as datapass_bp

    app.register_blueprint(datapass_bp)
    from porsche_web.people import bp as people_bp

    app.register_blueprint(people_bp)

    from porsche_web.privacy import bp as privacy_bp

    app.register_blueprint(privacy_bp)

    from porsche_web.staff import bp as staff_bp

    app.register_blueprint(staff_bp)

    from porsche_web.subscriptions import bp as subscriptions_bp

    app.register_blueprint(subscriptions_bp)
    from porsche_web.sale import bp as sale_bp

    app.register_blueprint(sale_bp)
    from porsche_web.devclock import bp as devclock_bp

    app.register_blueprint(devclock_bp)


def register_cli(app: Flask) -> None:
    from porsche_web.demo import demo_cli
    from porsche_web.markets.cli import markets_cli

    app.cli.add_command(markets_cli)
    app.cli.add_command(demo_cli)

    from porsche_web.notifications.cli import outbox_cli

    app.cli.add_command(outbox_cli)

    from porsche_web.orders.cli import invitations_cli, orders_cli

    app.cli.add_command(orders_cli)
    app.cli.add_command(invitations_cli)

    from porsche_web.vehicles.cli import vehicles_cli

    app.cli.add_command(vehicles_cli)

    from porsche_web.charging.cli import charging_cli

    app.cli.add_command(charging_cli)

    from porsche_web.datapass.cli import datapass_cli

    app.cli.add_command(datapass_cli)

    from porsche_web.privacy.cli import privacy_cli

    app.cli.add_command(privacy_cli)

    from porsche_web.staff.cli import staff_cli

    app.cli.add_command(staff_cli)

    from porsche_web.subscriptions.cli import subscriptions_cli

    app.cli.add_command(subscriptions_cli)
    from porsche_web.sale.cli import sale_cli

    app.cli.add_command(sale_cli)
