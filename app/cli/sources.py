"""``source add`` and ``source list``: a worksheet's source documents from the command line."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING

from app.cli.commands import change_in_place, usage_error
from app.cli.inputs import is_worksheet_file, load, read_upto
from app.cli.outputs import say
from app.cli.refusal import STDIO, Refusal, shown
from app.storage.limits import MAX_SOURCES, count

if TYPE_CHECKING:
    from app.domain.model import Worksheet
    from app.interchange.document_text import Document


def _read_document(name: str) -> Document:
    """The document ``name`` (or standard input: what was piped in is pasted text)."""
    from app.interchange.document_text import MAX_SOURCE_BYTES  # start-up
    from app.interchange.source_documents import read_document  # start-up
    from app.interchange.text_input import InterchangeError  # start-up

    # One byte more than a source may be: read_document refuses it by its size.
    data = read_upto(name, MAX_SOURCE_BYTES + 1)
    try:
        # Read as any file is (its encoding found, a piped page or PDF read as such).
        document = read_document(data, name=name, shown_as=shown(name))
    except InterchangeError as e:
        raise Refusal(str(e).rstrip(".")) from None
    if name == STDIO and document.kind == "text":
        document = dataclasses.replace(document, kind="pasted")
    return document


def cmd_source_add(args: argparse.Namespace) -> int:
    """``source add FILE.achw DOCUMENT``: the document becomes the worksheet's last source.

    Saved through the storage layer as the window saves (locked while it changes,
    replaced in one step); the new source's id is printed.
    """
    from app.interchange.source_documents import source_of  # start-up
    from app.storage.address import parse_address  # start-up

    into, name = args.worksheet, args.document
    if into == STDIO:
        usage_error(args, "the worksheet is a file that source add changes in place, not -")
    target = parse_address(into)
    if not is_worksheet_file(into):
        raise Refusal(f"{into} is not a worksheet file (.achw); source add adds to one")
    document = _read_document(name)  # all read before the worksheet is touched
    from app.storage.changes import Change  # start-up

    source = source_of(document, reliability=args.reliability or "")

    def add(ws: Worksheet) -> tuple[Change, str]:
        if len(ws.sources) >= MAX_SOURCES:
            raise Refusal(
                f"{into} already holds {count(MAX_SOURCES, 'source')}, the most a worksheet may"
            )
        ws.sources.append(source)
        return Change(sources={source.id}), source.id

    say(change_in_place(target, add))
    return 0


def cmd_source_list(args: argparse.Namespace) -> int:
    """``source list IN``: one line a source, "S1  id  B  Title"."""
    from app.domain.sources import source_labels  # start-up
    from app.storage.names import shown as one_line  # start-up

    ws = load(args.worksheet)
    labels = source_labels(ws)
    if not ws.sources:
        say(f"{shown(args.worksheet)} has no sources.")
    for s in ws.sources:
        say(f"{labels[s.id]}\t{s.id}\t{s.reliability or '-'}\t{one_line(s.title, 200)}")
    return 0
