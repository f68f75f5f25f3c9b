"""Run the hall on this machine: ``python run.py`` (the README's quick start calls this via ``make run``).

Upgrades the database, creates the demo hall on first run (development), and serves HTTP and websockets
with Flask-SocketIO's threading server: what one hall's PC needs. Setting up the hall's devices:
docs/HALL_PCS.md. A county serving many halls runs gunicorn processes behind nginx instead: docs/DEPLOY.md.
"""

import argparse
import logging
import os

from hall import create_app
from hall.bootstrap import prepare_database
from hall.extensions import socketio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--host",
        default=os.environ.get("HALL_HOST", "127.0.0.1"),
        help="address to listen on (0.0.0.0 for the hall's network)",
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("HALL_PORT", "5000")))
    parser.add_argument("--debug", action="store_true", help="Flask debugger and reloader (never in a hall)")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Werkzeug's per-request lines and its "development server" banner only in --debug: this server is the
    # intended one for a single hall's PC, and the hall's own log should stay readable.
    logging.getLogger("werkzeug").setLevel(logging.INFO if arguments.debug else logging.ERROR)

    app = create_app()
    if arguments.debug and app.config["PRODUCTION"]:
        parser.error("--debug is refused in production: the debugger runs code sent from the browser")
    prepare_database(app)
    print(f" * Hall running on http://{arguments.host}:{arguments.port}/  (Ctrl+C to stop)", flush=True)
    socketio.run(
        app,
        host=arguments.host,
        port=arguments.port,
        debug=arguments.debug,
        use_reloader=arguments.debug,
        allow_unsafe_werkzeug=True,
        log_output=arguments.debug,
    )


if __name__ == "__main__":
    main()
