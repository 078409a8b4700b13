"""The commands: import, export, score, check, and the desktop program.

Each takes the parsed arguments and returns the exit status; an input it
will not take raises :class:`~app.cli.refusal.Refusal`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

from app.cli.inputs import (
    format_of,
    has_sqlite_header,
    is_worksheet_file,
    load,
    read_limited,
    read_whole,
    refuse_worksheet_on_stdin,
    title,
)
from app.cli.outputs import (
    check_stdout,
    check_target,
    say,
    write_bytes,
    write_stdout,
    write_worksheet_file,
)
from app.cli.refusal import COMMANDS, PDF, PROG, STDIO, Refusal, shown
from app.storage.limits import MAX_EVIDENCE, count

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.domain.model import Worksheet
    from app.interchange.registry import Format
    from app.storage.address import Address
    from app.storage.changes import Change


def usage_error(args: argparse.Namespace, message: str) -> NoReturn:
    parser: argparse.ArgumentParser = args.parser
    parser.error(message)


def cmd_import(args: argparse.Namespace) -> int:
    name: str = args.input
    if args.into is not None:
        return _import_into(args)
    if args.output is None:
        usage_error(
            args, "give -o OUT.achw (a new worksheet) or --into FILE.achw (an existing one)"
        )
    if not args.output.lower().endswith(".achw"):
        usage_error(
            args, f"the output of import is a worksheet file: {args.output} must end in .achw"
        )
    check_target(args.output, args.force, source=name)
    from app.interchange.registry import importable  # start-up

    if has_sqlite_header(name):
        raise Refusal(f"{name} is already a worksheet file; open it, or export it to JSON or CSV")
    data = read_limited(name)
    refuse_worksheet_on_stdin(name, data, "import reads a JSON worksheet or a CSV evidence list")
    fmt = format_of(data, name, importable())
    ws = read_whole(fmt, data, name, part=args.matrix)
    write_worksheet_file(ws, args.output, args.force)
    return 0


def _import_into(args: argparse.Namespace) -> int:
    """``import LIST.csv --into FILE.achw``: the list's items added at the end of FILE.

    Saved through the storage layer as the window saves (the file is locked
    while it changes, then replaced in one step); items FILE already has, by
    id, are left out.
    """
    name, into = args.input, args.into
    if args.output is not None or args.force:
        usage_error(args, "--into changes FILE.achw in place: give neither -o nor --force")
    if args.matrix is not None:
        usage_error(args, "--into adds an evidence list; --matrix chooses a PARC ACH matrix")
    from app.storage.address import parse_address  # start-up

    target = parse_address(into)  # refuses a kind of address this version has no store for
    if not is_worksheet_file(into):
        raise Refusal(f"{into} is not a worksheet file (.achw); --into adds to a worksheet file")
    if has_sqlite_header(name):
        raise Refusal(f"{name} is a worksheet file; --into adds an evidence list to a worksheet")
    data = read_limited(name)
    refuse_worksheet_on_stdin(name, data, "--into adds an evidence list to a worksheet")
    from app.interchange.registry import FormatRefused, listed, lists  # start-up

    wanted_formats = lists()
    try:
        fmt: Format | None = format_of(data, name)
    except FormatRefused as e:
        if not e.binary:
            raise  # a known format not read yet: the registry names it
        fmt = None
    if fmt is None or fmt not in wanted_formats:
        what = "binary data" if fmt is None or fmt.native else fmt.described
        wanted = listed([f.described for f in wanted_formats], "or")
        raise Refusal(
            f"{shown(name)} holds {what}; --into adds only {wanted} to a worksheet"
            " (to combine two worksheets, compare them in the window)"
        )
    from app.domain.import_items import added_sentence, new_items  # start-up
    from app.storage.changes import Change  # start-up

    # all read before FILE is touched
    read = fmt.read(data, source=shown(name), title=title(name))
    if not fmt.gave_list(read):
        matrix = count(len(read.hypotheses), "hypothesis", "hypotheses")
        raise Refusal(
            f"{shown(name)} holds a matrix of {matrix}, not an evidence list; --into adds only "
            "an evidence list's items (import the matrix as a worksheet of its own with -o)"
        )

    def add(ws: Worksheet) -> tuple[Change | None, str]:
        fresh, already = new_items(ws, read.evidence)
        if len(ws.evidence) + len(fresh) > MAX_EVIDENCE:
            raise Refusal(
                f"{into} would hold more than {count(MAX_EVIDENCE, 'evidence item')}, the limit"
            )
        ws.evidence.extend(fresh)
        change = Change(evidence={e.id for e in fresh}) if fresh else None
        return change, added_sentence(len(fresh), already, shown(name), into)

    say(change_in_place(target, add))
    return 0


T = TypeVar("T")


def change_in_place(target: Address, edit: Callable[[Worksheet], tuple[Change | None, T]]) -> T:
    """Open the worksheet at ``target``, let ``edit`` change it, and save it as the window
    saves (locked while it changes, then replaced in one step).  ``edit`` returns what
    it changed (None: the file stays as it was) and what to give back; it raises a
    Refusal to change nothing."""
    from app.storage.stores import open_store  # start-up

    store = open_store(target)
    try:
        change, result = edit(store.worksheet)
        if change is not None:
            store.commit(change)
            store.save()
    finally:
        store.close()
    return result


def cmd_export(args: argparse.Namespace) -> int:
    fmt: str = args.format
    if args.output == STDIO:
        check_stdout()
    else:
        check_target(args.output, args.force, source=args.input)
    ws = load(args.input, group=args.group)
    data: bytes
    if fmt != PDF:
        from app.interchange.registry import by_name  # start-up

        writer = by_name(fmt).writer
        assert writer is not None  # the choices are the formats with a writer
        data = writer(ws, unweighted=args.unweighted)
    else:
        try:
            from app.report.render import render_brief  # start-up
        except ImportError:
            raise Refusal(
                "the PDF brief is not available in this version of ACH Workbench"
            ) from None
        brief = render_brief(ws, unweighted=args.unweighted)
        data = brief.pdf
        if brief.warning:
            sys.stderr.write(f"{PROG}: warning: {brief.warning}\n")
    write_bytes(args.output, data, args.force)
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from app.interchange.score_report import score_json, score_table  # start-up

    check_stdout()
    ws = load(args.input, group=args.group)
    if args.json:
        text = score_json(ws, unweighted=args.unweighted)
        write_stdout(text.encode("utf-8", "backslashreplace"))
    else:
        write_stdout(score_table(ws, unweighted=args.unweighted))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    name: str = args.input
    if name == STDIO or is_worksheet_file(name):
        if name == STDIO:
            raise Refusal(
                "check needs a file name: a worksheet file cannot be read from standard input"
            )
        from app.storage.achw.worksheet_file import check_worksheet  # start-up

        check_worksheet(Path(name))
        say(f"{name}: a valid worksheet file")
        return 0
    ws = load(name)

    hypotheses = count(len(ws.hypotheses), "hypothesis", "hypotheses", grouped=False)
    evidence = count(len(ws.evidence), "evidence item", grouped=False)
    say(f"{name}: a valid worksheet in JSON form ({hypotheses}, {evidence})")
    return 0


def run_gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description="Open the desktop program.")
    parser.add_argument("file", nargs="?", metavar="FILE", help="a worksheet (.achw) to open")
    parser.add_argument(
        "--sample",
        action="store_true",
        help="start from an untitled copy of the sample worksheet (the shipped file stays intact)",
    )
    args = parser.parse_args(argv)
    if args.sample and args.file is not None:
        parser.error("give either FILE or --sample, not both")
    if args.file is not None:
        from app.storage.address import parse_address  # start-up

        parse_address(args.file)  # refuses a kind of address this version has no store for
    if args.file is not None and not Path(args.file).exists():
        if Path(args.file).suffix == "" and os.sep not in args.file:
            # "ach-workbench scroe ...": a mistyped command, not a worksheet to open.
            parser.error(f"{args.file!r} is neither a command ({', '.join(COMMANDS)}) nor a file")
        raise Refusal(f"{args.file}: there is no such file")
    if _no_display():
        raise Refusal(
            "the desktop program needs a graphical display and none is available "
            "(DISPLAY is not set); import, export, score and check work without one"
        )
    try:
        from app.ui.main import run_gui  # start-up
    except ImportError as exc:
        raise Refusal(f"the desktop program cannot start here ({exc})") from None
    try:
        result: int = run_gui(None, sample=True) if args.sample else run_gui(args.file)
    except ImportError as exc:  # PySide6 missing or broken: it is imported when the window starts
        raise Refusal(f"the desktop program cannot start here ({exc})") from None
    return result


def _no_display() -> bool:
    """True where Qt would abort for want of a screen (X11/Wayland systems only)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
