"""URL converters: ids in URLs are bounded so that an absurd number is a 404, not a database overflow."""

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """A positive integer that fits every database's INTEGER column (``<id:counter_id>``)."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def register(app) -> None:
    app.url_map.converters["id"] = IdConverter
