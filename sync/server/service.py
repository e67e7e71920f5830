"""The reference server's front: ``Server``, what the HTTP layer (app.py) and the admin CLI (cli.py) call.

``Server`` is thin: it joins the three sides of the server, each in its own module over the shared pieces of
common.py — administration (admin.py: enrolment codes, credentials, revocation, devices, bundles, health), the
desks' exchange (exchange.py: enrol, authenticate, push, pull, bundle bytes) and processing (processing.py: the
events of processing units and the province, the server's view of dossiers). Nothing here knows about HTTP except
the status code a refusal of a whole request carries. The names other modules import from here are re-exported.
"""

from __future__ import annotations

from sync.server.admin import Administration
from sync.server.common import VERSION, Device, Refusal, precise_now
from sync.server.exchange import Exchange, decode_cursor, encode_cursor
from sync.server.processing import HandoverFeed, Processing
from sync.server.restore import Restore

__all__ = ["VERSION", "Device", "Refusal", "Server", "decode_cursor", "encode_cursor", "precise_now"]


class Server(Administration, Exchange, Processing, HandoverFeed, Restore):
    """The provincial server's rules over one database: ``Server(storage, clock=precise_now)``."""
