"""gunicorn with the hall's clock moved by HALL_TEST_CLOCK_OFFSET seconds: tests only, never deployed.

``python -m tests.clock_server -c deploy/gunicorn.conf.py hall.wsgi:app`` runs the production entry, with
``hall.clock.now`` (the one source of "now", see hall/clock.py) replaced before the worker imports the app,
so a test can watch a running server cross the hall's midnight without waiting for it.
"""

import os
import sys
from datetime import timedelta


def main() -> None:
    from hall import clock

    offset = timedelta(seconds=float(os.environ["HALL_TEST_CLOCK_OFFSET"]))
    real_now = clock.now
    clock.now = lambda: real_now() + offset

    from gunicorn.app.wsgiapp import run

    sys.argv = ["gunicorn", *sys.argv[1:]]
    run()


if __name__ == "__main__":
    main()
