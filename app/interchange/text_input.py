"""What every imported file goes through first: its decoding to text, and the refusal.

:class:`InterchangeError` is how the JSON and CSV readers refuse a file, in
one sentence naming the file and the place; :func:`decode_text` turns the
file's bytes into text (UTF-8, or UTF-16 with its byte order mark) within
the size limit, and :func:`unicode_form` tells UTF-16 and UTF-32 from binary
data for the registry's sniffing.
"""

from __future__ import annotations

from app.storage import limits
from app.storage.errors import WorksheetError

# A problem that begins with one of these words says something of the place itself
# ("is empty"): it follows the place as a sentence does its subject, without a colon.
_PREDICATES = (
    "is ",
    "are ",
    "must ",
    "has ",
    "have ",
    "holds ",
    "contains ",
    "appears ",
    "rates ",
    "declares ",
    "decompresses ",
)


class InterchangeError(WorksheetError):
    """An imported file (JSON or CSV) is refused.

    ``str()`` is one sentence for the analyst that names the file, the place
    (without it when the problem is the whole file) and the problem.  A
    problem that states something of a value is set off by a colon
    (``dprk.json: evidence[3].credibility: "hgih" is not low, medium or
    high.``); one that says what the place is or must be reads on from it
    (``dprk.json: evidence[0].title is 501 characters long; the limit is
    500.``, ``empty.csv is empty; ...``).
    """

    def __init__(self, source: str, place: str, problem: str) -> None:
        self.source = source
        self.place = place
        self.problem = problem
        where = f"{source}: {place}" if place else source
        joint = " " if problem.startswith(_PREDICATES) else ": "
        super().__init__(f"{where}{joint}{problem}.")


_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def unicode_form(data: bytes) -> str | None:
    """Which of UTF-16 and UTF-32 ``data`` looks like ("UTF-16", "UTF-32"), or ``None``.

    Either by its byte order mark, or (UTF-16 without one) by a zero byte in
    every other place, as ASCII text saved as UTF-16 has.  Text in these forms
    holds zero bytes, so it must not be taken for binary data.
    """
    if data.startswith(_UTF32_BOMS):
        return "UTF-32"
    if data.startswith(_UTF16_BOMS):
        return "UTF-16"
    head = data[:4096]
    if len(head) >= 4 and len(head) % 2 == 0:
        for zeros, other in ((head[1::2], head[::2]), (head[::2], head[1::2])):
            if zeros.count(0) == len(zeros) and other.count(0) == 0:
                return "UTF-16"
    return None


def decode_text(data: bytes | str, source: str) -> str:
    """``data`` as text: UTF-8 with or without a byte order mark, within the size limit.

    UTF-16 with a byte order mark (what Excel's "Unicode Text" and Windows
    Notepad's "Unicode" write) is read as well: the mark says unambiguously
    how to read it, and the text is then checked like any other.  UTF-16
    without the mark, and UTF-32, are refused with a sentence that says so.
    """
    size = len(data)
    if size > limits.MAX_FILE_BYTES:
        raise InterchangeError(
            source,
            "",
            f"is {size / 1e6:,.1f} MB; the limit for an imported file is "
            f"{limits.MAX_FILE_BYTES // 1_000_000} MB",
        )
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    form = unicode_form(data)
    if form == "UTF-16" and data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")  # the mark says which byte order; it is dropped
        except UnicodeDecodeError:
            raise InterchangeError(
                source,
                "",
                "is UTF-16 text that is cut short or damaged; save it again as UTF-8",
            ) from None
    if form is not None:
        without = "" if form == "UTF-32" else " without a byte order mark"
        raise InterchangeError(
            source,
            "",
            f"is {form} text{without}, which this program does not read; save it as UTF-8",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InterchangeError(
            source,
            f"line {line}",
            f"byte 0x{data[exc.start]:02x} is not UTF-8 text; save the file as UTF-8",
        ) from None
