"""The command lines: the project's composition roots, the only core modules that reach ``ui``, ``printing`` and
``sync`` (lazily, inside the command that needs them).

- ``desk`` (this module's ``main``; contracts/cli.md) for clerks, installers, support staff and scripts;
- ``desk-gui`` (``gui_main``), the clerk's window without a console;
- ``desk-publish`` (desk/cli/publish.py) for provincial or district IT.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desk import paths
from desk.cli import (  # noqa: F401 (registers)
    attachment_commands,
    dossier_commands,
    output_commands,
    setup_commands,
    system_commands,
)
from desk.cli.base import Context, actor_of, default_log, run_program
from desk.cli.registry import DESK


def _execute(args: argparse.Namespace) -> int | None:
    from desk import accounts, machine
    from desk.service import Desk

    cmd = args._command
    adopted = machine.adopt_if_default(args.data_dir)  # a per-user store of an older version: into the PC's store
    ctx = Context(args, paths.data_dir(args.data_dir), actor_of(args))
    if adopted is not None:
        ctx.notice = machine.describe(adopted)
        sys.stderr.write(ctx.notice + "\n")
    if not cmd.opens_desk:
        return cmd.run(ctx)
    assert ctx.base is not None
    ctx.desk = Desk.open(ctx.base)
    # A clerk's username acts as that account (its role decides what it may do, desk/roles.py) and prints as
    # their full name; ``--as-user`` with a password (a lead's act) replaces it where a command asks for one.
    account = accounts.find(ctx.desk.store.conn, ctx.actor)
    ctx.desk.store.principal = account if account and account.active else None
    ctx.actor = accounts.actor_name(ctx.desk.store.conn, ctx.actor)
    try:
        return cmd.run(ctx)
    finally:
        ctx.desk.close()


def _log_file(args: argparse.Namespace) -> Path | None:
    """The data dir's log when the data dir exists; the user's log folder otherwise (never a new data dir)."""
    base = paths.data_dir(args.data_dir)
    return paths.log_path(base) if base.is_dir() else default_log("desk")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``desk`` console script."""
    return run_program(DESK, argv, _execute, _log_file)


def gui_main() -> int:
    """Entry point of the ``desk-gui`` GUI script (no console window on Windows)."""
    return main(["gui", *sys.argv[1:]])
