"""Source documents read into text and metadata (app/interchange/source_*.py).

The saved pages are under tests/fixtures/sources/ (made up, of a real news page's
shape); their EUC-KR, Windows-1251 and KOI8-R forms, the PDFs (by reportlab, or by
hand for the hostile ones) and the text files are made here.  What is asserted is
what an analyst would see: the article's sentences are in the text and the menus',
ads', scripts' and comments' are not, the title, author, date and link, and the
sentence a refused document gets.
"""

from __future__ import annotations

import io
import logging
import socket
import time
import tracemalloc
import unicodedata
import zlib
from pathlib import Path
from typing import ClassVar

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from app.interchange import document_text, source_html, source_pdf
from app.interchange.source_documents import (
    MAX_SOURCE_BYTES,
    Document,
    pasted_document,
    read_document,
)
from app.interchange.text_input import InterchangeError
from tests.interchange.pdf_files import pages_pdf, pdf_of, stream, text_stream, zeros

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "tests" / "fixtures" / "sources"
FONTS = REPO / "resources" / "fonts"
MB = 1024 * 1024


def refused(data: bytes, name: str) -> str:
    with pytest.raises(InterchangeError) as caught:
        read_document(data, name=name)
    return str(caught.value)


def assert_tidy(doc: Document) -> None:
    """The text's form, whatever the document: what citations can count on."""
    text = doc.text
    assert text and text == text.strip()
    assert "\r" not in text and "\n\n\n" not in text
    assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in text)
    assert unicodedata.is_normalized("NFC", text)
    assert all(line == line.rstrip() for line in text.split("\n"))
    for field in (doc.title, doc.author, doc.published, doc.link):
        assert field == field.strip() and "\n" not in field


# -- saved web pages -------------------------------------------------------------------

ARTICLE = [
    "Inspectors at the harbour found that shipping manifests for at least forty "
    "containers did not match the goods unloaded at the north quay, the port authority "
    "said on Thursday.",
    "The discrepancies came to light during a routine audit of records from January and February",
    '"We are not yet able to say whether this is a clerical error or something more '
    'serious," said Tomas Reyes',
    "Customs to review procedures",
    "Dock workers' representatives welcomed the review but warned that staff shortages",
]
NOISE = [
    "cookies",  # the banner
    "Weather and tides",  # the menu
    "Crosswords",
    "Subscribe for one pound",
    "Search the Courier",
    "Shipping desk",  # the breadcrumbs
    "luxury watches",  # the ads
    "Refinance your mortgage",
    "Holiday cottages",
    "Advertisement",
    "Share on Facebook",  # the share buttons
    "Email this story",
    "Ferry timetable",  # the related articles
    "Related articles",
    "never miss a tide table",  # the newsletter box
    "cover-up",  # the comments
    "scales have been broken",
    "harbourwatcher",
    "Join the discussion",
    "Privacy policy",  # the footer
    "All rights reserved",
    "INLINE SCRIPT MARKER",  # the scripts and styles
    "Written by a script",
    "FOOTER SCRIPT MARKER",
    "dataLayer",
    "STYLEMARKER",
    "STYLE CONTENT MARKER",
    "embedded video",  # the iframe's fallback
]


def test_a_news_page_gives_its_article_and_nothing_around_it():
    doc = read_document((SOURCES / "article-en.html").read_bytes(), name="article-en.html")
    assert doc.kind == "html"
    for sentence in ARTICLE:
        assert sentence in doc.text
    for noise in NOISE:
        assert noise not in doc.text, noise
    assert doc.title == "Port authority finds cargo records do not match"
    assert doc.author == "Jane Marlow"
    assert doc.published == "2024-03-14"
    assert doc.link == "https://www.harbourcourier.example/news/2024/03/14/port-cargo-records"
    # One paragraph of the page is one paragraph of the text, a blank line between them.
    assert "said on Thursday.\n\nThe discrepancies came to light during a routine audit" in doc.text
    assert "\n\nCustoms to review procedures\n\n" in doc.text
    assert_tidy(doc)


def test_reading_is_the_same_every_time():
    data = (SOURCES / "article-en.html").read_bytes()
    assert read_document(data, name="a.html") == read_document(data, name="a.html")


def test_the_author_is_the_site_when_the_page_names_no_author():
    page = (SOURCES / "article-en.html").read_text("utf-8")
    for tag in (
        '<meta name="author" content="Jane Marlow">',
        '"author": {"@type": "Person", "name": "Jane Marlow"},',
        '<p class="byline">By <a rel="author" href="/authors/jane-marlow">Jane Marlow</a>, '
        "shipping correspondent</p>",
    ):
        assert tag in page
        page = page.replace(tag, "")
    doc = read_document(page.encode(), name="a.html")
    assert doc.author == "The Harbour Courier"


KO_ARTICLE = [
    "항만공사는 14일 북부 부두에서 하역된 컨테이너 가운데 최소 40개의 적하목록이 실제 "
    "화물과 일치하지 않는 것으로 확인됐다고 밝혔다.",
    "감사팀은 각 컨테이너의 신고 중량과 게이트에서 측정한 중량을 비교했다.",
    '"40건 모두를 하나하나 조사하겠다"고 말했다.',
    "6주 안에 결과를 발표할 계획이라고 밝혔다.",
]
KO_NOISE = ["쿠키", "경제 전체보기", "지면 구독", "명품 시계", "주택담보대출", "광고", "공유하기"]
KO_NOISE += ["관련 기사", "여객선", "은폐", "저울", "개인정보처리방침", "스크립트", "동영상"]


def korean_page() -> str:
    return (SOURCES / "article-ko.html").read_text("utf-8")


def test_a_korean_page_in_utf8():
    doc = read_document(korean_page().encode("utf-8"), name="ko.html")
    for sentence in KO_ARTICLE:
        assert sentence in doc.text
    for noise in KO_NOISE:
        assert noise not in doc.text, noise
    assert doc.title == "항만공사, 화물 신고 내역 불일치 확인"
    assert doc.author == "김서연 기자"
    assert doc.published == "2024-03-14"
    assert doc.link == "https://news.badailbo.example/article/20240314000123"
    assert_tidy(doc)


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "undeclared"])
def test_a_korean_page_in_euc_kr_reads_as_in_utf8(declared):
    page = korean_page()
    replacement = '<meta charset="euc-kr">' if declared else ""
    legacy = page.replace('<meta charset="utf-8">', replacement).encode("euc-kr")
    assert legacy.decode("euc-kr") != page  # the charset is another
    assert read_document(legacy, name="ko.htm") == read_document(page.encode(), name="ko.htm")


RU_ARTICLE = [
    "Инспекторы порта установили, что грузовые манифесты как минимум сорока контейнеров "
    "не соответствуют товарам, выгруженным на северном причале",
    "сравнили заявленный вес каждого контейнера с весом, измеренным на въезде.",
    "Каждый из сорока случаев будет изучен",
    "опубликовать выводы в течение шести недель.",
]
RU_NOISE = ["cookie", "Экономика и бизнес", "подписку", "Часы класса люкс", "Реклама"]
RU_NOISE += ["ВКонтакте", "Читайте также", "паромов", "сокрытие", "весы на въезде"]
RU_NOISE += ["конфиденциальности", "ВСТРОЕННЫЙ СКРИПТ", "написанный скриптом"]


def russian_page() -> str:
    return (SOURCES / "article-ru.html").read_text("utf-8")


def test_a_russian_page_in_utf8_and_in_windows_1251():
    page = russian_page()
    utf8 = read_document(page.encode("utf-8"), name="ru.html")
    legacy = page.replace('charset="utf-8"', 'charset="windows-1251"').encode("cp1251")
    assert read_document(legacy, name="ru.html") == utf8
    for sentence in RU_ARTICLE:
        assert sentence in utf8.text
    for noise in RU_NOISE:
        assert noise not in utf8.text, noise
    assert utf8.title == "Портовое управление обнаружило расхождения в грузовых документах"
    assert utf8.author == "Анна Соколова"
    assert utf8.published == "2024-03-14"
    assert utf8.link == "https://morvestnik.example/news/2024/03/14/gruzovye-dokumenty"
    assert "«Пока мы не можем сказать" in utf8.text
    assert_tidy(utf8)


def test_a_russian_page_in_koi8_r_and_in_undeclared_windows_1251():
    # KOI8-R has no guillemets, dashes or copyright sign: the page as a KOI8-R site has it.
    page = russian_page()
    for wide, narrow in (("«", '"'), ("»", '"'), ("—", "-"), ("©", "(c)")):
        page = page.replace(wide, narrow)
    utf8 = read_document(page.encode("utf-8"), name="ru.html")
    koi8 = page.replace('charset="utf-8"', 'charset="koi8-r"').encode("koi8-r")
    assert read_document(koi8, name="ru.html") == utf8
    undeclared = page.replace('<meta charset="utf-8">', "").encode("cp1251")
    assert read_document(undeclared, name="ru.html").text == utf8.text


def test_a_page_with_a_byte_order_mark_is_read_by_it():
    page = (SOURCES / "article-en.html").read_text("utf-8")
    utf8 = read_document(page.encode("utf-8"), name="a.html")
    assert read_document(page.encode("utf-16"), name="a.html") == utf8
    # The mark wins over a <meta charset> that contradicts it.
    lying = page.replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    assert read_document(b"\xef\xbb\xbf" + lying.encode("utf-8"), name="a.html") == utf8


def test_a_page_of_only_scripts_holds_no_text(capfd, caplog):
    caplog.set_level(logging.DEBUG)
    page = b"""<!DOCTYPE html><html><head><title></title>
    <script>var app = {"greeting": "Hello from the script"}; render(app);</script>
    <script src="https://cdn.example/bundle.3f9a.js"></script>
    <style>#root { min-height: 100vh }</style></head>
    <body><div id="root"></div><script>document.write("written by script")</script>
    <noscript>You need to enable JavaScript to run this app.</noscript></body></html>"""
    assert refused(page, "app.html") == "app.html holds no text this program can find."
    # trafilatura logs each page it discards; none of it reaches the terminal.
    assert capfd.readouterr() == ("", "")
    assert caplog.records == []


def test_a_page_whose_text_precision_mode_drops_is_read_again_with_recall():
    page = (
        b"<html><head><title>Minutes</title></head><body><table><tr><td>"
        b"The committee met on Tuesday and agreed to publish the audit in full."
        b"</td></tr></table></body></html>"
    )
    doc = read_document(page, name="minutes.html")
    assert doc.text == "The committee met on Tuesday and agreed to publish the audit in full."
    assert doc.title == "Minutes"


def test_a_date_is_kept_only_if_the_page_states_a_real_one():
    body = (
        "<body><article><h1>Notice</h1><p>"
        + "The harbour office will be closed for the holiday. " * 8
        + "</p></article><footer><p>© 2023 Harbour Office</p></footer></body></html>"
    )
    no_date = "<html><head><title>Notice</title></head>" + body
    assert read_document(no_date.encode(), name="n.html").published == ""
    impossible = (
        '<html><head><meta property="article:published_time" content="2023-02-30T10:00:00">'
        "<title>Notice</title></head>" + body
    )
    assert read_document(impossible.encode(), name="n.html").published == ""


class _NoSocket(socket.socket):
    attempts: ClassVar[list[object]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        _NoSocket.attempts.append(args)
        raise OSError("the network is off in this test")


def _no_connection(*args: object, **kwargs: object) -> object:
    _NoSocket.attempts.append(args)
    raise OSError("the network is off in this test")


@pytest.fixture
def no_network(monkeypatch):
    """Every socket this process would open, and every name it would resolve, fails
    and is recorded (the libraries are imported already, above)."""
    _NoSocket.attempts = []
    monkeypatch.setattr(socket, "socket", _NoSocket)
    monkeypatch.setattr(socket, "create_connection", _no_connection)
    monkeypatch.setattr(socket, "getaddrinfo", _no_connection)
    with pytest.raises(OSError):
        socket.create_connection(("example.com", 80))  # the guard is in place
    _NoSocket.attempts = []
    return _NoSocket.attempts


def test_nothing_a_page_names_is_fetched(no_network):
    page = b"""<!DOCTYPE html><html><head><meta charset="utf-8">
    <base href="http://assets.example/">
    <title>Quay report</title>
    <link rel="stylesheet" href="http://assets.example/site.css">
    <link rel="preload" href="https://fonts.example/serif.woff2" as="font">
    <meta property="og:url" content="https://news.example/quay-report">
    <script src="http://assets.example/app.js"></script>
    </head><body><article>
    <img src="http://images.example/quay.jpg" srcset="http://images.example/q2.jpg 2x">
    <p>The quay report says that the north gate scales were recalibrated in March, after
    months of complaints from hauliers about inconsistent weights.</p>
    <iframe src="http://video.example/embed/1"></iframe>
    <object data="http://media.example/clip.swf"></object>
    <p>A second paragraph notes that the port authority will publish the figures.</p>
    <img src="https://tracker.example/pixel.gif?u=1" width="1" height="1">
    </article></body></html>"""
    doc = read_document(page, name="quay.html")
    assert "north gate scales were recalibrated" in doc.text
    assert doc.link == "https://news.example/quay-report"
    for path in SOURCES.glob("*.html"):
        read_document(path.read_bytes(), name=path.name)
    read_document(
        reportlab_pdf([["A page of a PDF with a link to http://example.com/."]]), name="x.pdf"
    )
    assert no_network == []


def test_an_external_entity_is_never_read():
    passwd = Path("/etc/passwd")
    secret = passwd.read_text("utf-8", "replace").split("\n")[0] if passwd.exists() else "root:x"
    page = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd" [
  <!ENTITY x SYSTEM "file:///etc/passwd">
  <!ENTITY a "lol lol lol lol lol lol lol lol lol lol">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Entity test</title></head>
<body><div class="content"><p>The inspection report was filed on the first of March and
it covers every container unloaded at the north quay over the winter.</p>
<p>Quoted file: &x; and expansion: &c; end of quote.</p>
<p>The report's annex lists forty containers whose weights did not match.</p></div>
</body></html>"""
    doc = read_document(page, name="entity.xhtml")
    assert "The inspection report was filed on the first of March" in doc.text
    assert doc.title == "Entity test"
    for field in (doc.text, doc.title, doc.author):
        assert secret not in field and "root:" not in field
        assert "lol lol" not in field  # no entity is expanded either


def test_a_page_of_too_many_elements_is_refused_before_it_is_read():
    page = b"<html><body><p>x</p>" + b"<br>" * source_html.MAX_ELEMENTS + b"</body></html>"
    start = time.perf_counter()
    assert refused(page, "huge.html") == (
        "huge.html has more than 100,000 elements, more than this program reads from a web "
        "page; save the article as a PDF or as text to add it."
    )
    assert time.perf_counter() - start < 5


# -- PDFs ------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _fonts():
    pdfmetrics.registerFont(TTFont("NanumSquareR", str(FONTS / "NanumSquareR.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONTS / "DejaVuSans.ttf")))


def reportlab_pdf(
    pages: list[list[str]], font: str = "Helvetica", title: str = "", author: str = ""
) -> bytes:
    """A PDF of these pages (each a list of lines), as reportlab writes one."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    if title:
        pdf.setTitle(title)
    if author:
        pdf.setAuthor(author)
    for lines in pages:
        pdf.setFont(font, 11)
        for number, line in enumerate(lines):
            pdf.drawString(60, 780 - 16 * number, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_pdf_gives_every_page_a_blank_line_apart_and_its_title_and_author():
    data = reportlab_pdf(
        [
            ["Port authority finds cargo records do not match.", "Forty containers differ."],
            ["The customs service will review its procedures."],
            ["Annex: the forty containers."],
        ],
        title="Cargo audit, first quarter",
        author="Jane Marlow",
    )
    doc = read_document(data, name="audit.pdf")
    assert doc.kind == "pdf"
    assert doc.text == (
        "Port authority finds cargo records do not match.\nForty containers differ."
        "\n\nThe customs service will review its procedures."
        "\n\nAnnex: the forty containers."
    )
    assert (doc.title, doc.author, doc.published, doc.link) == (
        "Cargo audit, first quarter",
        "Jane Marlow",
        "",
        "",
    )
    assert read_document(data, name="audit.pdf") == doc


def test_a_korean_pdf():
    data = reportlab_pdf(
        [
            [
                "항만공사는 14일 컨테이너 기록이 일치하지 않는다고 밝혔다.",
                "세관은 절차를 재검토한다.",
            ],
            ["둘째 쪽: 불일치 컨테이너 목록."],
        ],
        font="NanumSquareR",
        title="화물 감사 보고서",
        author="김서연",
    )
    doc = read_document(data, name="감사.pdf")
    assert doc.text == (
        "항만공사는 14일 컨테이너 기록이 일치하지 않는다고 밝혔다.\n세관은 절차를 재검토한다."
        "\n\n둘째 쪽: 불일치 컨테이너 목록."
    )
    assert (doc.title, doc.author) == ("화물 감사 보고서", "김서연")
    assert_tidy(doc)


def test_a_russian_pdf_without_a_title_is_called_by_its_first_line():
    data = reportlab_pdf(
        [
            ["Отчёт о проверке грузовых документов", "Расхождения выявлены у сорока контейнеров."],
            ["Вторая страница: таможня пересмотрит порядок проверки."],
        ],
        font="DejaVuSans",
    )
    doc = read_document(data, name="otchet.pdf")
    assert doc.text == (
        "Отчёт о проверке грузовых документов\nРасхождения выявлены у сорока контейнеров."
        "\n\nВторая страница: таможня пересмотрит порядок проверки."
    )
    # reportlab's defaults ("untitled", "anonymous") are nobody's title and author.
    assert (doc.title, doc.author) == ("Отчёт о проверке грузовых документов", "")


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_protected_by_a_password_is_refused():
    data = encrypted(reportlab_pdf([["Confidential text."]]), "secret")
    assert refused(data, "locked.pdf") == (
        "locked.pdf is a PDF protected by a password, which this program does not open; "
        "save a copy without the password (open it and print it to PDF) to add it."
    )


def test_a_pdf_encrypted_without_a_password_to_open_it_is_read():
    data = encrypted(reportlab_pdf([["Text anyone may read."]]), "")
    assert read_document(data, name="restricted.pdf").text == "Text anyone may read."


def test_a_scanned_pdf_holds_no_text():
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.rect(50, 50, 400, 600, fill=1)
    pdf.showPage()
    pdf.save()
    assert refused(buffer.getvalue(), "scan.pdf") == (
        "scan.pdf holds no text this program can find: its pages hold no text, only images "
        "or drawings (a scanned document needs its text recognised first)."
    )


def test_the_zeros_stream_is_what_it_claims():
    data = zeros(64 * MB)
    inflater = zlib.decompressobj()
    total, rest = 0, data
    while rest:
        chunk = inflater.decompress(rest, 16 * MB)
        assert chunk.count(0) == len(chunk)
        total += len(chunk)
        rest = inflater.unconsumed_tail
    assert total == 64 * MB and inflater.eof and len(data) < 100_000


def test_a_decompression_bomb_is_refused_quickly_in_little_memory():
    data = pages_pdf([stream(zeros(1024 * MB))])  # a gigabyte of zeros, 1 MB in the file
    assert len(data) < 1_100_000
    tracemalloc.start()
    start = time.perf_counter()
    try:
        message = refused(data, "bomb.pdf")
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == (
        "bomb.pdf holds a compressed stream that expands to more than 32 MB, more than this "
        "program reads from a PDF; it may be built to exhaust memory."
    )
    assert time.perf_counter() - start < 5
    assert peak < 150 * MB


def test_many_streams_each_under_the_limit_are_refused_together():
    # 16 pages of 20 MB of zeros: 320 MB decoded from 330 KB.
    data = pages_pdf([stream(zeros(20 * MB)) for _ in range(16)])
    assert refused(data, "pages.pdf") == (
        "pages.pdf decompresses to more than 256 MB of page content, more than this program "
        "reads from a PDF; it may be built to exhaust memory."
    )


def test_a_stream_declaring_a_length_beyond_the_file_is_refused():
    content = b"<< /Length 99999999999 /Filter /FlateDecode >>\nstream\n"
    data = pages_pdf([content + zlib.compress(b"BT ET") + b"\nendstream"])
    assert refused(data, "length.pdf") == (
        "length.pdf is a damaged PDF that cannot be read (a stream declares itself longer "
        "than the file)."
    )


def test_a_page_of_a_million_tokens_is_refused():
    content = b"BT /F1 12 Tf 72 700 Td " + b"(word) Tj " * 500_001 + b"ET"
    data = pages_pdf([stream(zlib.compress(content))])
    assert len(data) < 100_000
    start = time.perf_counter()
    assert refused(data, "ops.pdf") == (
        "ops.pdf has a page whose content is more than 1,000,000 operators and operands "
        "long, more than this program reads from a PDF."
    )
    assert time.perf_counter() - start < 30


def test_the_operations_of_all_pages_are_counted_together(monkeypatch):
    monkeypatch.setattr(source_pdf, "MAX_OPERATIONS", 1_000)
    page = b"BT /F1 12 Tf 72 700 Td " + b"(word) Tj " * 300 + b"ET"
    assert read_document(pages_pdf([stream(zlib.compress(page))] * 3), name="ok.pdf").text
    assert refused(pages_pdf([stream(zlib.compress(page))] * 4), name="ops.pdf") == (
        "ops.pdf has more than 1,000 drawing and text operations in its pages, more than "
        "this program reads from a PDF."
    )


def test_a_pdf_of_too_many_pages_is_refused():
    one = text_stream(b"A page.")
    assert refused(pages_pdf([one], count=1_000_000), "count.pdf") == (
        "count.pdf has 1,000,000 pages, more than the 2,000 this program reads from a PDF."
    )
    # A page tree that understates its pages is refused when they are counted.
    assert refused(pages_pdf([one] * 2_001, count=1), "many.pdf") == (
        "many.pdf has 2,001 pages, more than the 2,000 this program reads from a PDF."
    )


@pytest.mark.parametrize(
    "kids",
    [b"[2 0 R]", b"[3 0 R]"],
    ids=["pages-holds-itself", "a-child-holds-its-parent"],
)
def test_a_page_tree_loop_is_refused(kids):
    data = pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids %s /Count 1 >>" % kids,
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ]
    )
    assert refused(data, "loop.pdf") == (
        "loop.pdf is a damaged PDF that cannot be read (its objects refer to themselves in a loop)."
    )


def test_a_pdf_cut_short_is_refused():
    data = reportlab_pdf([["A whole page of text."]] * 3)
    assert refused(data[: len(data) * 2 // 3], "cut.pdf") == (
        "cut.pdf is cut short: it does not end as a PDF does, so it was not saved or "
        "downloaded whole; save or download it again."
    )


def test_a_damaged_pdf_is_refused_in_one_sentence():
    data = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    assert refused(data, "damaged.pdf") == (
        "damaged.pdf is a damaged PDF that cannot be read (startxref not found)."
    )


def test_a_repairable_pdf_is_read_without_a_word_on_the_terminal(capfd, caplog):
    caplog.set_level(logging.DEBUG)
    data = pages_pdf([text_stream(b"Read after repair.")])
    at = data.rindex(b"startxref\n") + len(b"startxref\n")
    broken = data[:at] + b"12" + data[at:]  # the cross-reference table is not where it says
    assert read_document(broken, name="repair.pdf").text == "Read after repair."
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert caplog.records == []


def test_a_pdf_that_is_not_one_is_refused_naming_that():
    assert refused(b"Hello, this is not a PDF.", "report.pdf") == (
        "report.pdf is not a PDF: it does not begin as a PDF does (with %PDF-), so it is "
        "damaged or another kind of file renamed."
    )
    page = b"<!DOCTYPE html><html><body><p>Please sign in to download.</p></body></html>"
    assert refused(page, "report.pdf") == (
        "report.pdf is not a PDF: it is a web page (a download that gave a page instead of "
        "the document?)."
    )


def test_a_file_over_20_mb_is_refused_from_its_size():
    data = bytes(MAX_SOURCE_BYTES + 1)
    start = time.perf_counter()
    assert refused(data, "/home/analyst/big.pdf") == (
        "big.pdf is larger than 20 MB (20.1 MB), the most this program reads as a source; "
        "save the part you need as a smaller file."
    )
    assert time.perf_counter() - start < 0.5


# -- text ------------------------------------------------------------------------------

RU_TEXT = (
    "Отчёт о проверке грузовых документов\r\n\r\n"
    "Инспекторы порта установили, что грузовые манифесты как минимум сорока контейнеров "
    "не соответствуют товарам, выгруженным на северном причале.\r\n"
    "Расхождения выявлены в ходе плановой проверки документов за январь и февраль.\r\n"
)
KO_TEXT = (
    "화물 감사 보고서\n\n"
    "항만공사는 14일 북부 부두에서 하역된 컨테이너 가운데 최소 40개의 적하목록이 실제 "
    "화물과 일치하지 않는 것으로 확인됐다고 밝혔다.\n"
    "이번 불일치는 1월과 2월 기록에 대한 정기 감사 과정에서 드러났다.\n"
)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (RU_TEXT, "utf-8"),
        (RU_TEXT, "utf-8-sig"),
        (RU_TEXT, "utf-16"),
        (RU_TEXT, "utf-16-be"),
        (RU_TEXT, "cp1251"),
        (KO_TEXT, "utf-8"),
        (KO_TEXT, "utf-16-le"),
        (KO_TEXT, "euc-kr"),
    ],
)
def test_a_text_file_in_its_encoding(text, codec):
    data = text.encode(codec)
    if codec in ("utf-16-be", "utf-16-le"):
        data = ("\ufeff" + text).encode(codec)  # with its byte order mark
    doc = read_document(data, name="notes.txt")
    expected = text.replace("\r\n", "\n").strip("\n")
    assert doc == Document(kind="text", text=expected, title=expected.split("\n")[0])


def test_a_text_is_tidied_as_citations_need_it():
    raw = (
        "  Report\u202e on the quay\x07\r\n"  # a bidi override and a bell in the title
        "line one   \r"
        "cafe\u0301 and tab\there\x0c"  # decomposed é; a form feed between pages
        "\r\n\r\n\r\n\r\nlast line\u2028after a line separator\n\n"
    )
    doc = read_document(raw.encode("utf-8"), name="notes")
    assert doc.text == (
        "Report on the quay\nline one\ncafé and tab\there\n\nlast line\nafter a line separator"
    )
    assert doc.title == "Report on the quay"
    assert_tidy(doc)


def test_the_title_of_a_text_is_its_first_line_shortened():
    doc = read_document(b"\n\n" + b"word " * 100 + b"\nsecond line", name="long.txt")
    assert len(doc.title) == 200 and doc.title.endswith("\u2026")
    assert doc.title.startswith("word word")


def test_binary_data_is_not_text():
    assert refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "photo.bin") == (
        "photo.bin is not a web page, PDF or text file, the kinds of document this program "
        "reads as a source; save it as a PDF or as text to add it."
    )
    assert refused(b"PK\x03\x04\x14\x00\x06\x00" + bytes(64), "report.docx").startswith(
        "report.docx is not a web page, PDF or text file"
    )


def test_an_empty_file_is_refused():
    assert refused(b"", "empty.txt") == "empty.txt is empty."
    assert refused(b" \r\n\t\n", "blank.txt") == "blank.txt holds no text this program can find."


def test_a_text_longer_than_a_source_may_hold_is_refused(monkeypatch):
    monkeypatch.setattr(document_text, "MAX_SOURCE_TEXT", 1_000)
    assert read_document(b"x" * 1_000, name="ok.txt").text == "x" * 1_000
    assert refused(b"x" * 1_001, "long.txt") == (
        "long.txt holds 1,001 characters of text, more than the 1,000 a source may hold; "
        "save the part you need as a smaller file."
    )


# -- the kind --------------------------------------------------------------------------


def test_the_kind_is_found_from_the_content_first():
    page = (SOURCES / "article-en.html").read_bytes()
    assert read_document(page, name="saved.txt").kind == "html"
    assert read_document(page, name="no-suffix").kind == "html"
    pdf = reportlab_pdf([["A PDF saved under another name."]])
    assert read_document(pdf, name="download.bin").kind == "pdf"
    assert read_document(b"junk\r\n" + pdf, name="mail.pdf").kind == "pdf"
    fragment = b"<p>A fragment of a page, saved with its own suffix.</p>"
    assert read_document(fragment, name="clip.htm").kind == "html"
    assert read_document(fragment, name="clip.txt").kind == "text"


def test_the_file_is_named_by_its_name_alone_and_safely():
    assert refused(b"", "/tmp/some folder/evil\u202etxt.exe") == "evil\ufffdtxt.exe is empty."


# -- pasted text -----------------------------------------------------------------------


def test_pasted_text():
    doc = pasted_document("\r\nMinister's statement\r\n\r\n\r\nWe will publish the audit.\u0000")
    assert doc == Document(
        kind="pasted",
        text="Minister's statement\n\nWe will publish the audit.",
        title="Minister's statement",
    )
    with pytest.raises(InterchangeError) as caught:
        pasted_document(" \n\t\n")
    assert str(caught.value) == "The pasted text is empty: it holds no text."


def test_a_web_archive_is_refused_not_read_as_its_mime_parts():
    mhtml = (
        b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/a\r\n"
        b"Subject: A page\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; type="text/html"; boundary="----X"\r\n\r\n'
        b"------X\r\nContent-Type: text/html\r\n\r\n<html><body><p>Text</p></body></html>\r\n"
    )
    for name in ("page.mhtml", "page.txt"):
        assert refused(mhtml, name) == (
            f"{name} is a web archive (MHTML), which this program does not read; save the "
            "page as \u201cWeb page, HTML only\u201d to add it."
        )
    assert refused(b"<html><body><p>Text</p></body></html>", "page.mht").startswith(
        "page.mht is a web archive (MHTML)"
    )
