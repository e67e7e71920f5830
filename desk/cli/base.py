"""What every command line of the project shares: a command registry, an argparse that speaks Vietnamese, the exit
codes, JSON output, reading times and secrets, and the failure log.

Exit codes: 0 success; 2 input refused (nothing written); 1 any other failure (log path on stderr);
3 the data dir is not initialised.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import getpass
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from desk import __version__, paths, timeutil
from desk.errors import DeskError, InvalidInput
from desk.logsafe import redacted_argv, redacted_exception

if TYPE_CHECKING:
    from desk.service import Desk


class Parser(argparse.ArgumentParser):
    """argparse that refuses bad options with exit code 2 and a Vietnamese line."""

    def error(self, message: str) -> NoReturn:
        for pattern, vietnamese in _ARGPARSE_VI:
            message = re.sub(pattern, vietnamese, message)
        self.exit(2, f"{self.prog.split()[0]}: tham số không hợp lệ: {message}. Xem «{self.prog} --help».\n")


_ARGPARSE_VI = [
    (r"argument (\S+): invalid int value: '(.*)'", r"\1: «\2» không phải số nguyên"),
    (r"argument (\S+): invalid float value: '(.*)'", r"\1: «\2» không phải số"),
    (r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)", r"\1: «\2» không hợp lệ (chọn một trong: \3)"),
    (r"argument (\S+): expected one argument", r"\1 cần một giá trị"),
    (r"the following arguments are required: (.*)", r"thiếu tham số bắt buộc: \1"),
    (r"unrecognized arguments: (.*)", r"tham số không nhận ra: \1"),
]


# -- the registry -----------------------------------------------------------------------------------------------------


@dataclass
class Context:
    """What a command runs with: its options, the data dir, who acts, and the open desk (when it needs one)."""

    args: argparse.Namespace
    base: Path | None = None
    actor: str = ""
    desk: Desk | None = None
    notice: str = ""  # said once to the clerk (the window shows it in a box)

    @property
    def d(self) -> Desk:
        assert self.desk is not None
        return self.desk


Run = Callable[[Context], "int | None"]


@dataclass
class Command:
    """One command (``desk receive``) or action of a group (``desk catalog import``)."""

    path: tuple[str, ...]
    help: str
    run: Run
    arguments: list[tuple[tuple[str, ...], dict[str, Any]]] = field(default_factory=list)
    opens_desk: bool = True
    json: bool = True


def arg(*names: str, **kwargs: Any) -> Callable[[Run], Run]:
    """An option or argument of the command it decorates (listed top-down, like the help shows them)."""

    def deco(fn: Run) -> Run:
        fn.__dict__.setdefault("_arguments", []).insert(0, (names, kwargs))
        return fn

    return deco


class Registry:
    """The commands of one program; its parser is made from them, and ``run`` dispatches by name (no if/elif)."""

    def __init__(self, prog: str, description: str, *, global_args: Callable[[argparse.ArgumentParser], None]):
        self.prog = prog
        self.description = description
        self.global_args = global_args
        self.commands: dict[tuple[str, ...], Command] = {}
        self.groups: dict[str, str] = {}

    def group(self, name: str, help_text: str) -> None:
        """A command with actions (``desk catalog import|list|…``): one of them is required."""
        self.groups[name] = help_text

    def command(self, name: str, help_text: str, *, opens_desk: bool = True, json: bool = True) -> Callable[[Run], Run]:
        """Register ``fn(ctx)`` as the command ``name`` (``"catalog import"`` for an action of a group)."""

        def deco(fn: Run) -> Run:
            path = tuple(name.split())
            if path in self.commands:
                raise ValueError(f"command {name!r} registered twice")
            self.commands[path] = Command(path, help_text, fn, list(fn.__dict__.get("_arguments", [])), opens_desk,
                                          json)  # fmt: skip
            return fn

        return deco

    def parser(self) -> argparse.ArgumentParser:
        p = Parser(prog=self.prog, description=self.description)
        p.add_argument("--version", action="version", version=f"{self.prog} {__version__}")
        self.global_args(p)
        sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
        sub.required = True
        actions: dict[str, Any] = {}
        for path, cmd in self.commands.items():
            if len(path) == 1:
                s = sub.add_parser(path[0], help=cmd.help)
            else:
                group = actions.get(path[0])
                if group is None:
                    group = sub.add_parser(path[0], help=self.groups.get(path[0], "")).add_subparsers(
                        dest="action", metavar="ACTION", parser_class=Parser
                    )
                    group.required = True
                    actions[path[0]] = group
                s = group.add_parser(path[1], help=cmd.help)
            for names, kwargs in cmd.arguments:
                s.add_argument(*names, **kwargs)
            if cmd.json:
                s.add_argument("--json", action="store_true", help="in đúng một tài liệu JSON")
            s.set_defaults(_command=cmd)
        return p


# -- output and input -------------------------------------------------------------------------------------------------


def emit(ctx: Context | argparse.Namespace, data: Any, text: str) -> None:
    """One JSON document on stdout with ``--json``, else the text for people."""
    args = ctx.args if isinstance(ctx, Context) else ctx
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(text.rstrip("\n") + "\n")


def parse_at(value: str, option: str = "--at") -> dt.datetime:
    """An instant typed on the command line (no offset: Vietnam time)."""
    try:
        return timeutil.parse_instant(value)
    except ValueError:
        raise InvalidInput(
            f"{option} «{value}»: không phải thời điểm hợp lệ. Dùng dạng 2026-02-13T10:00:00+07:00 "
            "(không có múi giờ thì hiểu là giờ Việt Nam)."
        ) from None


def opt_at(value: str | None, option: str = "--at") -> dt.datetime | None:
    return parse_at(value, option) if value else None


def parse_day(value: str | None, option: str) -> dt.date:
    if not value:
        raise InvalidInput(f"{option}: cần nhập ngày dạng YYYY-MM-DD.")
    try:
        return timeutil.parse_date(value)
    except ValueError:
        raise InvalidInput(f"{option} «{value}»: không phải ngày hợp lệ (YYYY-MM-DD).") from None


def fmt_time(value: str | None) -> str:
    if not value:
        return "—"
    t = timeutil.parse_instant(value)
    return f"{t:%H:%M} ngày {t:%d/%m/%Y}"


_stdin_lines: list[str] | None = None


def read_secret(from_stdin: bool, prompt: str, *, confirm: bool = False) -> str:
    """A secret from stdin (one per line, in the order asked) or typed at a prompt without echo."""
    global _stdin_lines
    if from_stdin:
        if _stdin_lines is None:
            _stdin_lines = sys.stdin.read().splitlines()
        if not _stdin_lines:
            raise InvalidInput("Thiếu dòng trên stdin (mật khẩu, cụm mật khẩu hoặc mã: mỗi thứ một dòng).")
        return _stdin_lines.pop(0)
    first = getpass.getpass(prompt + ": ")
    if confirm and getpass.getpass("Nhập lại: ") != first:
        raise InvalidInput("Hai lần nhập không khớp.")
    return first


def sign_in(ctx: Context) -> None:
    """``--as-user NAME`` (with the password typed at a prompt, or ``--password-stdin``): the command acts as that
    account, signed in as at the window; its role decides what it may do (desk/roles.py)."""
    from desk import accounts

    name = getattr(ctx.args, "as_user", None)
    if not name:
        return
    clerk = accounts.authenticate(
        ctx.d.store, name, read_secret(getattr(ctx.args, "password_stdin", False), "Mật khẩu của " + name)
    )
    ctx.d.store.principal = clerk
    ctx.actor = clerk.full_name


def signed(fn: Callable[[Context], Any]) -> Callable[[Context], Any]:
    """Give a command ``--as-user`` and ``--password-stdin`` and sign in before it runs (a lead's or viewer's own
    rights need the password, not only ``--actor``)."""

    @functools.wraps(fn)
    def run(ctx: Context) -> Any:
        sign_in(ctx)
        return fn(ctx)

    run.__dict__.setdefault("_arguments", list(fn.__dict__.get("_arguments", [])))
    run.__dict__["_arguments"] += [
        (("--as-user",), {"help": "tên đăng nhập của người thực hiện (hỏi mật khẩu); cần cho việc của cán bộ phụ "
                                  "trách hoặc lãnh đạo"}),
        (("--password-stdin",), {"action": "store_true", "help": "đọc mật khẩu từ stdin"}),
    ]  # fmt: skip
    return run


def actor_of(args: argparse.Namespace) -> str:
    """Who acts: ``--actor``, else ``DESK_ACTOR``, else the OS user."""
    if getattr(args, "actor", None):
        return args.actor
    env = os.environ.get("DESK_ACTOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:
        return "không rõ"


# -- running ----------------------------------------------------------------------------------------------------------


def report_error(exc: DeskError) -> int:
    """Print a refused or failed command's reason (and each problem of a list) on stderr; its exit code."""
    errors = getattr(exc, "errors", None) or [exc.message]
    sys.stderr.write(exc.message.rstrip() + "\n")
    if len(errors) > 1 or errors[0] != exc.message:
        for e in errors:
            sys.stderr.write(f"  - {e}\n")
    return exc.exit_code


def start_command() -> None:
    """Per-invocation set-up shared by the console scripts: UTF-8 streams, a fresh stdin buffer."""
    global _stdin_lines
    _stdin_lines = None
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def log_failure(target: Path | None, program: str, exc: BaseException, argv: Sequence[str],
                commands: Sequence[str]) -> Path | None:  # fmt: skip
    """Write a failure to the log (the command line and the traceback without any value: no personal data);
    returns the log's path, or None when it cannot be written."""
    if target is None:
        return None
    try:
        paths.make_dir(target.parent)
        with target.open("a", encoding="utf-8") as fh:
            line = " ".join(redacted_argv(argv, commands))
            fh.write(f"--- {timeutil.iso(timeutil.now())} {program} {__version__}: {line}\n")
            fh.write(redacted_exception(exc) + "\n")
        paths.protect(target)
        return target
    except OSError:
        return None


def default_log(program: str) -> Path:
    """Where a program without a data dir (desk-publish) logs its failures: the user's log folder."""
    import platformdirs

    return Path(platformdirs.user_log_dir(paths.APP_NAME, appauthor=False)) / f"{program}.log"


def run_program(
    registry: Registry, argv: Sequence[str] | None, execute: Callable[[argparse.Namespace], int | None],
    log_file: Callable[[argparse.Namespace], Path | None] | None = None,
) -> int:  # fmt: skip
    """Parse, run, and turn what happened into an exit code and a message (never a traceback on the terminal).

    Exit code 1 always names the log where the failure was written (without personal data).
    """
    start_command()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = registry.parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or options refused (exit 2)
        return exc.code if isinstance(exc.code, int) else 2

    def where(exc: BaseException) -> Path | None:
        try:
            target = log_file(args) if log_file else default_log(registry.prog)
        except Exception:
            target = None
        commands = [w for path in registry.commands for w in path]
        return log_failure(target, registry.prog, exc, argv, commands)

    try:
        return execute(args) or 0
    except DeskError as exc:
        code = report_error(exc)
        if code == 1:
            logged = where(exc)
            if logged:
                sys.stderr.write(f"Nhật ký: {logged}\n")
        return code
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng.\n")
        return 1
    except Exception as exc:
        logged = where(exc)
        sys.stderr.write(
            f"Lỗi không mong đợi ({type(exc).__name__})."
            + (f" Chi tiết trong nhật ký: {logged}" if logged else " Không ghi được nhật ký.")
            + "\n"
        )
        return 1
