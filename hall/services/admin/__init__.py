"""Configuring halls: what county administrators and hall managers change through the management pages.

Every function takes the acting staff member's id, checks the permission matrix itself (``hall.permissions``),
validates, and records a ``config.changed`` history entry, which also tells open kiosks and screens to reload
their configuration (``hall.realtime``).
"""
