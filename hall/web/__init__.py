"""Server-rendered pages for staff and residents (thin adapters over ``hall.services``)."""

from hall.web import errors, i18n, input_guard

__all__ = ["errors", "i18n", "input_guard"]
