"""``python -m sync.server`` = ``desk-server``."""

from sync.server.cli import main

raise SystemExit(main())
