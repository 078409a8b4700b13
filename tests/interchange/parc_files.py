"""PARC ACH ``.achz`` files made for the tests, as formats.md describes them.

No real PARC file is public, so these are built from what the one public
importer proves: a gzip stream of XML (UTF-16 with either byte order mark,
or UTF-8), a root of unknown name holding PROJECT-TITLE, CLASSIFICATION and
MATRIX elements.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from xml.sax.saxutils import escape


@dataclass
class Item:
    name: str
    values: str | None = None  # VALUES as written, e.g. "I I,C,,NA"
    notes: str = ""
    link: str = ""
    type: str = ""
    date: str | None = None  # Java epoch milliseconds, as text
    code: str = ""
    flag: str | None = None
    credibility: str | None = None
    relevance: str | None = None
    extra: str = ""  # raw XML inside the item


@dataclass
class Matrix:
    hypotheses: list[str]
    items: list[Item] = field(default_factory=list)
    name: str | None = None


def project_xml(
    title: str, matrices: list[Matrix], *, classification: str = "u", root: str = "ACH-PROJECT"
) -> str:
    parts = [f"<{root}>", f"<PROJECT-TITLE>{escape(title)}</PROJECT-TITLE>"]
    parts.append(f"<CLASSIFICATION>{escape(classification)}</CLASSIFICATION>")
    parts.append("<LAST-INDEX>7</LAST-INDEX><COLOR-SCHEME>default</COLOR-SCHEME>")
    for m in matrices:
        parts.append("<MATRIX>")
        if m.name is not None:
            parts.append(f"<NAME>{escape(m.name)}</NAME>")
        parts += [f"<HYPOTHESIS><NAME>{escape(h)}</NAME></HYPOTHESIS>" for h in m.hypotheses]
        for e in m.items:
            parts.append("<EVIDENCE>")
            parts.append(f"<NAME>{escape(e.name)}</NAME><NOTES>{escape(e.notes)}</NOTES>")
            parts.append(f"<LINK>{escape(e.link)}</LINK><TYPE>{escape(e.type)}</TYPE>")
            parts.append(f"<CODE>{escape(e.code)}</CODE>")
            for tag, value in (
                ("DATE", e.date),
                ("FLAG", e.flag),
                ("VALUES", e.values),
                ("CREDIBILITY", e.credibility),
                ("RELEVANCE", e.relevance),
            ):
                if value is not None:
                    parts.append(f"<{tag}>{escape(value)}</{tag}>")
            parts.append(e.extra + "</EVIDENCE>")
        parts.append("</MATRIX>")
    parts.append(f"</{root}>")
    return "".join(parts)


def achz(xml: str, encoding: str = "utf-16-be") -> bytes:
    """The XML as PARC writes it: encoded with its byte order mark (or as UTF-8), gzipped."""
    if encoding == "utf-8":
        body = ('<?xml version="1.0" encoding="UTF-8"?>' + xml).encode("utf-8")
    else:
        declared = '<?xml version="1.0" encoding="UTF-16"?>' + xml
        mark = b"\xfe\xff" if encoding == "utf-16-be" else b"\xff\xfe"
        body = mark + declared.encode(encoding)
    return gzip.compress(body, mtime=0)


SHELLS = Matrix(
    hypotheses=["Export to Russia", "Domestic stockpile", "Exercise"],
    items=[
        Item(
            "Moisture-proofing omitted",
            values="C C, I ,N",
            notes="Shells for quick use",
            type="HUMINT",
            date="1699488000000",  # 2023-11-09 00:00 UTC
            code="DNK-17",
            flag="1",
            credibility="HIGH",
            relevance="HIGH",
            link="https://example.org/nk",
        ),
        Item("Temporary hiring", values="C,C,", credibility="MEDIUM", date="0"),
        Item("State denial", values="I", credibility="LOW", relevance="LOW"),
        Item("Satellite imagery of rail yards", values="NA,II,CC", credibility="medium"),
        Item("Not rated yet"),
    ],
)
