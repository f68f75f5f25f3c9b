"""Which Socket.IO client manager a deployment gets from REDIS_URL."""

from hall.realtime_queue import ResyncingRedisManager, socketio_options


def test_one_process_without_a_queue_gets_flask_socketios_default():
    """No REDIS_URL: no message queue at all (the quick start's single process)."""
    assert socketio_options(None, "hall") == {}


def test_redis_gets_the_manager_that_resyncs_screens_after_an_interruption():
    """A redis:// URL gets the resyncing manager on the configured channel."""
    options = socketio_options("redis://127.0.0.1:6379/0", "hall-test")
    manager = options["client_manager"]
    assert isinstance(manager, ResyncingRedisManager)
    assert manager.channel == "hall-test"
    assert manager.subscriptions == 0


def test_other_queues_are_left_to_flask_socketio():
    """Another queue URL (e.g. RabbitMQ through kombu) is passed through unchanged."""
    assert socketio_options("amqp://guest@127.0.0.1//", "hall") == {
        "message_queue": "amqp://guest@127.0.0.1//",
        "channel": "hall",
    }
