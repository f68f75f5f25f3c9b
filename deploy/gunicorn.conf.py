"""Gunicorn settings for one hall app process: ``gunicorn -c deploy/gunicorn.conf.py hall.wsgi:app``.

What Flask-SocketIO documents for its threading mode: one worker process (gunicorn's balancer is not sticky,
so Socket.IO sessions would land on the wrong worker) with many threads, websockets by simple-websocket.
Scale by running more of these processes on other ports behind nginx (deploy/nginx/hall.conf), sharing one
database and one Redis. Every setting can be changed from the environment (deploy/hall.env.example).
"""

import os

# systemd's hall@PORT.service passes the port; nginx is the only client, so listen on loopback.
bind = os.environ.get("HALL_BIND") or f"127.0.0.1:{os.environ.get('HALL_PORT', '5000')}"
workers = 1
worker_class = "gthread"
# An open websocket (a hall screen, a workstation, a resident's page) holds one thread for as long as it is
# open; plain requests take the rest. Size it for the screens this process serves plus some 20 requests.
threads = int(os.environ.get("HALL_THREADS", "100"))
# Screens reconnect by themselves: a restart should not wait long for their sockets to close.
graceful_timeout = int(os.environ.get("HALL_GRACEFUL_TIMEOUT", "10"))
timeout = 30
keepalive = 5
# X-Forwarded-* is trusted from nginx on this machine only (the app's ProxyFix reads it; see hall/wsgi.py).
forwarded_allow_ips = os.environ.get("HALL_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Never load the app in the master: each process opens its own database pool, Redis listener and emitter.
preload_app = False
# Several processes run on one machine: the default control socket path would be shared between them.
control_socket_disable = True
proc_name = f"hall-{bind.rsplit(':', 1)[-1]}"
accesslog = os.environ.get("HALL_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("HALL_LOG_LEVEL", "info")
