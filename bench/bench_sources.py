"""Reading source documents (app/interchange/source_documents.py): time and peak memory.

Each document is read by ``read_document`` in a process of its own, run by a small
parent whose ``RUSAGE_CHILDREN`` holds only its peak (as bench_import_hostile.py
does).  Prints, per document, its size, the seconds ``read_document`` took (the
libraries already imported), the peak memory of the process, and what came of it:
the characters of text, or the refusal.  The first row is the process with the
libraries imported and nothing read, the floor of every peak.
Run: .venv/bin/python bench/bench_sources.py  (writes some 60 MB to a temporary folder)
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.interchange.pdf_files import pages_pdf, stream, zeros  # noqa: E402

MB = 1024 * 1024

READ = """
import json, resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", sys.argv[1], *sys.argv[2:]], capture_output=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
report = {"peak": peak, "out": done.stdout.decode(), "err": done.stderr.decode()}
sys.stdout.write(json.dumps(report))
"""

CHILD = """
import json, sys, time
from pathlib import Path
from app.interchange import source_documents, source_html, source_pdf
from app.interchange.text_input import InterchangeError
if len(sys.argv) < 2:
    print(json.dumps({"seconds": 0.0, "result": "nothing read"}))
    raise SystemExit
path = Path(sys.argv[1])
data = path.read_bytes()
start = time.perf_counter()
try:
    doc = source_documents.read_document(data, name=path.name)
    result = f"{len(doc.text):,} characters"
except InterchangeError as exc:
    result = "refused: " + str(exc)
print(json.dumps({"seconds": time.perf_counter() - start, "result": result}))
"""


def html_page() -> bytes:
    """A 5 MB saved news page of the shape large pages have: a long article, a state
    blob and analytics in inline scripts, styles, inline SVG icons, an inline image,
    a long navigation and a long comments section."""
    article = (REPO / "tests" / "fixtures" / "sources" / "article-en.html").read_text("utf-8")
    paragraph = (
        "<p>The audit of the north quay continued with a review of the manifests filed by "
        "each freight forwarder, paragraph {n}, comparing declared and measured weights "
        "and noting every container whose papers could not be matched to its cargo.</p>\n"
    )
    body = "".join(paragraph.format(n=n) for n in range(1_500))
    state = json.dumps({"items": [{"id": n, "headline": f"Story {n}" * 5} for n in range(20_000)]})
    icons = "".join(
        f'<svg class="icon" viewBox="0 0 24 24"><path d="{"M1 1 L2 2 " * 300}"/></svg>'
        for _ in range(300)
    )
    image = '<img src="data:image/png;base64,' + "iVBORw0KGgo" * 90_000 + '">'
    styles = "<style>" + ".c{color:#123456;margin:0 auto}\n" * 12_000 + "</style>"
    nav = "<nav><ul>" + "".join(f'<li><a href="/s/{n}">Section {n}</a></li>' for n in range(2_000))
    nav += "</ul></nav>"
    comment = '<div class="comment"><p class="comment-author">reader{n}</p><p>I disagree.</p></div>'
    comments = '<section id="comments">' + "".join(comment.format(n=n) for n in range(8_000))
    comments += "</section>"
    page = article.replace(
        '<div class="story-body">', f'<div class="story-body">{body}{image}'
    ).replace("</head>", f"<script>window.__STATE__ = {state};</script>{styles}</head>")
    page = page.replace("<main", f"{nav}{icons}<main").replace("</main>", f"{comments}</main>")
    return page.encode("utf-8")


def long_pdf() -> bytes:
    """200 pages of dense text (45 lines a page), as reportlab writes them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle("Two hundred pages")
    for page in range(200):
        pdf.setFont("Helvetica", 10)
        for line in range(45):
            pdf.drawString(
                50,
                800 - 16 * line,
                f"Page {page + 1}, line {line + 1}: the manifests of the"
                " north quay were compared with the weights measured at the gate.",
            )
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def text_file(codec: str) -> bytes:
    """19 MB of paragraphs of English and Russian."""
    paragraph = (
        "The manifests of the north quay were compared with the weights measured at the "
        "gate.\nИнспекторы порта сравнили заявленный вес каждого контейнера с измеренным.\n\n"
    )
    data = paragraph.encode(codec)
    return data * (19 * MB // len(data))


DOCUMENTS: dict[str, Callable[[], bytes]] = {
    "page-5mb.html": html_page,
    "report-200-pages.pdf": long_pdf,
    "bomb-1gb-zeros.pdf": lambda: pages_pdf([stream(zeros(1024 * MB))]),
    "bomb-16x20mb.pdf": lambda: pages_pdf([stream(zeros(20 * MB)) for _ in range(16)]),
    "bomb-million-tokens.pdf": lambda: pages_pdf(
        [stream(zlib.compress(b"BT /F1 12 Tf 72 700 Td " + b"(word) Tj " * 500_001 + b"ET"))]
    ),
    "bomb-500k-tj.pdf": lambda: pages_pdf(
        [stream(zlib.compress(b"BT /F1 12 Tf 72 700 Td " + b"(word) Tj " * 125_000 + b"ET"))] * 4
    ),
    "notes-19mb-utf8.txt": lambda: text_file("utf-8"),
    "notes-19mb-cp1251.txt": lambda: text_file("cp1251"),
}


def measure(path: Path | None) -> tuple[float, int, str]:
    """The seconds of ``read_document``, the peak bytes of its process, and its result."""
    args = [str(path)] if path is not None else []
    done = subprocess.run(
        [sys.executable, "-c", READ, CHILD, *args], cwd=REPO, capture_output=True, check=True
    )
    report = json.loads(done.stdout)
    if not report["out"]:
        raise SystemExit(f"the reading process failed:\n{report['err']}")
    child = json.loads(report["out"])
    return child["seconds"], report["peak"], child["result"]


def main() -> None:
    print(f"{'document':<24}{'MB':>7}{'seconds':>9}{'peak MB':>9}  result")
    seconds, peak, result = measure(None)
    print(f"{'(libraries only)':<24}{0:>7.1f}{seconds:>9.2f}{peak / MB:>9.0f}  {result}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in DOCUMENTS.items():
            path = Path(tmp) / name
            path.write_bytes(make())
            size = path.stat().st_size
            seconds, peak, result = measure(path)
            path.unlink()
            if len(result) > 90:
                result = result[:89] + "…"
            print(f"{name:<24}{size / MB:>7.1f}{seconds:>9.2f}{peak / MB:>9.0f}  {result}")


if __name__ == "__main__":
    main()
