"""What every part of the command line shares: its name, ``-`` for standard input, the refusal.

A :class:`Refusal` is the command's answer to an input it will not take:
its ``str()`` is one sentence for the analyst, printed as
``ach-workbench: ...`` with exit status 1.
"""

from __future__ import annotations

PROG = "ach-workbench"
COMMANDS = ("import", "export", "score", "check", "source", "team", "rate")
STDIO = "-"
"""Standard input or output, as a file name."""
PDF = "pdf"
"""The brief: rendered by app.report, so not an interchange format of the registry."""


class Refusal(Exception):
    """The command cannot do what was asked; ``str()`` is one sentence for the analyst."""


def shown(name: str) -> str:
    """The input's name in a sentence."""
    return "standard input" if name == STDIO else name
