"""Domain core of the one-stop desk: store, events, catalog, calendar, codes, search, validation, CLI.

Imports none of ``ui``, ``sync``, ``printing`` or PySide6 (the CLI imports them lazily inside commands).
"""

__version__ = "0.1.0"
