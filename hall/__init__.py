"""Township convenience service hall: queue, counters and live displays.

``create_app`` builds the application; nothing is connected or created at import time.
"""

from flask import Flask

from config import INSTANCE_DIR, Config, ProductionConfig, config_from_env


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    """Build the app from a config class (default: ``HALL_CONFIG``) and optional setting overrides."""
    config = config or config_from_env()
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=False)
    app.config.from_object(config)
    app.config.update(overrides)
    if issubclass(config, ProductionConfig):
        config.check(app.config)  # the final settings, overrides and FLASK_DEBUG included
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    from hall.web import converters

    converters.register(app)  # before blueprints: their routes use <id:...>

    _init_extensions(app)
    _register_blueprints(app)

    from hall import cli, log_privacy, web
    from hall.web import security

    web.errors.register(app)
    security.register(app)
    web.input_guard.register(app)
    log_privacy.install()
    web.i18n.register(app)
    cli.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    from config import BASE_DIR
    from hall import db as database
    from hall import realtime, realtime_queue, sockets
    from hall.extensions import babel, csrf, db, login_manager, migrate, socketio

    db.init_app(app)
    database.configure_engines(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        **realtime_queue.socketio_options(app.config["REDIS_URL"], app.config["SOCKETIO_CHANNEL"]),
        # Same-origin only (the default): a page on another site cannot open a clerk's socket.
        cors_allowed_origins=None,
    )
    realtime.init_app(app)
    sockets.register(socketio)


def _select_locale() -> str:
    from hall.web.i18n import current_locale

    return current_locale()


def _register_blueprints(app: Flask) -> None:
    from display.views import assets as display_assets
    from display.views import bp as display_bp
    from hall import api
    from hall.web.auth import bp as auth_bp
    from hall.web.cases import bp as cases_bp
    from hall.web.counter import bp as counter_bp
    from hall.web.devices import bp as devices_bp
    from hall.web.health import bp as health_bp
    from hall.web.home import bp as home_bp
    from hall.web.manage import bp as manage_bp
    from hall.web.resident import bp as resident_bp
    from hall.web.vendor import bp as vendor_bp
    from kiosk.views import assets as kiosk_assets
    from kiosk.views import bp as kiosk_bp

    blueprints = (
        health_bp,
        home_bp,
        auth_bp,
        cases_bp,
        devices_bp,
        manage_bp,
        counter_bp,
        resident_bp,
        vendor_bp,
        kiosk_bp,
        kiosk_assets,
        display_bp,
        display_assets,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    api.register(app)  # the JSON API with its OpenAPI document (flask-smorest registers the blueprint)
