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
