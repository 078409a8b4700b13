"""Errors that have a sentence for the analyst, and the sentence.

qutebrowser's split: a failure the program can explain (not a worksheet,
locked, disk full) becomes one sentence; anything else is a bug and is
left to reach the crash report.
"""

from __future__ import annotations

from app.storage.errors import WorksheetError  # plain Python: no SQL, no file opened

EXPLAINABLE: tuple[type[BaseException], ...] = (WorksheetError, OSError)
"""Errors that have a sentence for the analyst (not bugs)."""


def explainable_errors() -> tuple[type[BaseException], ...]:
    """Errors that have a sentence for the analyst (not bugs): :data:`EXPLAINABLE`."""
    return EXPLAINABLE


def explain(exc: BaseException, doing: str) -> str:
    """One sentence for the analyst about an error of :func:`explainable_errors`.

    The storage's refusals are already sentences that name the file; an
    operating-system error becomes ``doing`` and the storage's few words on
    why ("the disk is full"), never Python's "[Errno 28] …".
    """
    if isinstance(exc, OSError):
        from app.storage.local.files import reason  # lazy for launch time, as above

        return f"{doing} ({reason(exc)})."
    return str(exc) or f"{doing}."
