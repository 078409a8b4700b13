"""Reading a rendered brief back, as a reader (or a checker) would."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader


def squash(text: str) -> str:
    """Whitespace collapsed, so text wrapped over lines compares with the original."""
    return " ".join(text.split())


@dataclass
class Pdf:
    reader: PdfReader
    pages: list[str]  # extracted text per page

    @property
    def text(self) -> str:
        return squash(" ".join(self.pages))

    @property
    def metadata(self) -> dict[str, str]:
        return {k: str(v) for k, v in (self.reader.metadata or {}).items()}

    def fonts(self) -> dict[str, dict]:
        """Every font used on any page, by base name, with its descriptor."""
        out: dict[str, dict] = {}
        for page in self.reader.pages:
            resources = page.get("/Resources") or {}
            fonts = resources.get("/Font") or {}
            for ref in fonts.values():
                font = ref.get_object()
                descriptor = font.get("/FontDescriptor")
                descendants = font.get("/DescendantFonts")
                if descriptor is None and descendants:
                    descriptor = descendants[0].get_object().get("/FontDescriptor")
                out[str(font["/BaseFont"])] = descriptor.get_object() if descriptor else {}
        return out


def read(data: bytes) -> Pdf:
    assert data.startswith(b"%PDF-"), data[:20]
    reader = PdfReader(io.BytesIO(data))
    return Pdf(reader, [page.extract_text() or "" for page in reader.pages])


PAGE_OF = re.compile(r"Page (\d+) of (\d+)")


def lines_in(page, *, size: float, bold: bool) -> list[str]:
    """The text of one page in one type size and weight, line by line, in drawing order."""
    out: list[str] = []

    def visit(text, cm, tm, font, font_size) -> None:
        name = str((font or {}).get("/BaseFont", ""))
        if text.strip() and abs(font_size - size) < 0.01 and name.endswith("-Bold") == bold:
            out.append(squash(text))

    page.extract_text(visitor_text=visit)
    return out
