"""The WSGI entry for production servers: ``gunicorn -c deploy/gunicorn.conf.py hall.wsgi:app``.

The only module that does work at import: it builds the app from the environment (``HALL_CONFIG``,
``DATABASE_URL``, ``REDIS_URL``, ``HALL_TRUSTED_PROXIES`` ...). It neither migrates nor creates data:
``flask --app hall db upgrade`` runs before the processes start (deploy/systemd/hall-migrate.service).
See docs/DEPLOY.md.
"""

from hall import create_app

app = create_app()
