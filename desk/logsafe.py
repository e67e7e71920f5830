"""Logs that never hold a citizen's personal data (Law 91/2025/QH15): what a log line may say about a command line
and an exception.

A command line keeps its command words and option names, never their values (a name, an ID number, a phone). An
exception keeps its type and where it happened (file, line, function and the line of code), never its message or
the values it carries: support staff see which code failed and why in kind, not about whom.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable, Sequence

HIDDEN = "…"


def redacted_argv(argv: Sequence[str], commands: Iterable[str] = ()) -> list[str]:
    """The command line with every value hidden: option names and command words stay."""
    words = set(commands)
    out = []
    for token in argv:
        if token.startswith("-") and len(token) > 1 and not token[1:2].isdigit():
            out.append(token.split("=", 1)[0] + ("=" + HIDDEN if "=" in token else ""))
        elif token in words:
            out.append(token)
        else:
            out.append(HIDDEN)
    return out


def redacted_exception(exc: BaseException) -> str:
    """The traceback of an exception (and of its causes) without any message: type, file, line, function, code."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.extract_tb(current.__traceback__)
        block = [f"{type(current).__module__}.{type(current).__qualname__}"]
        block += [f'  File "{f.filename}", line {f.lineno}, in {f.name}' + (f"\n    {f.line}" if f.line else "")
                  for f in frames]  # fmt: skip
        parts.append("\n".join(block))
        current = current.__cause__ or current.__context__
    return "\n-- raised while handling --\n".join(reversed(parts))


class RedactingFormatter(logging.Formatter):
    """A log formatter that writes an exception's redacted traceback instead of ``str(exc)`` and its values."""

    def formatException(self, ei) -> str:
        return redacted_exception(ei[1]) if ei and ei[1] is not None else ""
