"""Names of the files this program makes beside the analyst's file.

Temporary files (of a save, an export, a lock) and the lock file live in
the target's own folder, so their names must fit the file system's limit on
one name (255 bytes on ext4, APFS and NTFS) whatever the target's name is.
They are built from :func:`tag`: the start of the target's name, cut to
:data:`PREFIX_BYTES` bytes, and a short hash of the whole name.  The start
keeps them recognisable to a person looking at the folder; the hash ties
them to exactly one target (two long names that begin alike get different
tags).
"""

from __future__ import annotations

import hashlib
import re

NAME_MAX = 255
"""The longest file name, in bytes of UTF-8, on the usual file systems."""

PREFIX_BYTES = 48
"""How much of the target's name a tag keeps, in bytes of UTF-8."""

KEY_LENGTH = 10
"""Hex digits of the hash of the target's name in a tag."""


def encoded(name: str) -> bytes:
    """``name`` as the file system sees it (undecodable bytes of POSIX names survive)."""
    return name.encode("utf-8", "surrogateescape")


def fits(name: str) -> bool:
    """Whether ``name`` is short enough to be a file name."""
    return len(encoded(name)) <= NAME_MAX


def prefix(name: str, limit: int = PREFIX_BYTES) -> str:
    """The longest start of ``name`` of at most ``limit`` bytes, cut between characters."""
    if len(encoded(name)) <= limit:
        return name
    size = 0
    for i, ch in enumerate(name):
        size += len(encoded(ch))
        if size > limit:
            return name[:i]
    return name  # pragma: no cover - the loop always ends early


def key(name: str) -> str:
    """A short hash of the whole of ``name``."""
    return hashlib.sha256(encoded(name)).hexdigest()[:KEY_LENGTH]


def tag(name: str) -> str:
    """What the names of files made for the target ``name`` begin with: short, and its own."""
    return f"{prefix(name)}~{key(name)}"


# Characters that must not reach a terminal, a message box or a title from a name: C0 and
# C1 controls (escape sequences, line breaks), DEL, the bidirectional overrides and
# isolates (which can make "txt.exe" look like "exe.txt"), line and paragraph separators,
# and lone surrogates (undecodable bytes of a POSIX file name).  Joiners such as U+200C,
# which Persian and Indic names need, stay.
_NOT_SHOWN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

SHOWN_CHARS = 200
"""The most characters of a name that a message shows."""


def shown(name: str, limit: int | None = SHOWN_CHARS) -> str:
    """``name`` safe to show as text: every control or bidi character becomes U+FFFD.

    Used wherever a file name, or a name read from someone else's file (a
    lock's user and host), becomes text: messages, titles, questions.  More
    than ``limit`` characters end in an ellipsis.
    """
    text = _NOT_SHOWN.sub("\ufffd", name)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return text
