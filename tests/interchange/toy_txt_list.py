"""A toy format for the registry's tests: a text file, one evidence item per line.

It is what adding a format takes: this module, and one registration
(:func:`registration`), made and undone by the tests that use it.
"""

from __future__ import annotations

from app.domain.model import Evidence, Worksheet
from app.interchange.registry import Format, Holds


def read(data: bytes, *, source: str, title: str) -> Worksheet:
    lines = [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]
    return Worksheet(
        title=title, evidence=[Evidence(id=f"T{i}", title=t) for i, t in enumerate(lines, 1)]
    )


def write(ws: Worksheet, *, unweighted: bool) -> bytes:
    return "".join(f"{e.title}\n" for e in ws.evidence).encode("utf-8")


def registration() -> Format:
    return Format(
        name="txtlist",
        title="Text evidence lists",
        described="a text evidence list",
        suffixes=(".txtlist",),
        sniff=lambda head, name: False,  # known by its suffix only
        holds=Holds.EVIDENCE,
        reader=read,
        writer=write,
    )
