"""The message queue between app processes (Redis), and what a process does after it lost it for a while.

Flask-SocketIO's ``RedisManager`` re-subscribes by itself when Redis comes back, but what was published in
between is gone: a call made on another process, or on this one (publishing gives up after two tries), never
reaches the clients connected here. A screen repairs a gap when the next event shows it one, so in a quiet hall
it would stay wrong until its five-minute re-sync, and a resident's phone until its next minute's poll. After
every re-subscription but the first, this manager tells the clients connected to this process to read their
state again (``RESYNC``): screens take a snapshot, workstations, dashboards, tablets, kiosks and phones
refresh. That needs only the database. Case pages are left alone: they reload the whole page on a change.
"""

import logging

import socketio

from hall import realtime

log = logging.getLogger(__name__)


class ResyncingRedisManager(socketio.RedisManager):
    """``RedisManager`` that re-syncs this process's clients each time its listener subscribes again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.subscriptions = 0

    def _redis_connect(self):
        # The listener connects and then subscribes; only a subscription that succeeds means the queue is back.
        # Wrapping the new pubsub's subscribe is the one hook the library's retry loop leaves us.
        super()._redis_connect()
        subscribe = self.pubsub.subscribe

        def subscribe_then_resync(*channels, **options):
            answer = subscribe(*channels, **options)
            self.subscriptions += 1
            if self.subscriptions > 1:
                log.warning("message queue back after an interruption: clients of this process re-sync")
                realtime.resync_local_clients(self)
            return answer

        self.pubsub.subscribe = subscribe_then_resync


def socketio_options(url: str | None, channel: str) -> dict:
    """``init_app`` options for ``REDIS_URL``: this manager for Redis, Flask-SocketIO's own for other queues."""
    if not url:
        return {}  # one process: no queue
    if url.startswith(("redis://", "rediss://")):
        return {"client_manager": ResyncingRedisManager(url, channel=channel)}
    return {"message_queue": url, "channel": channel}
