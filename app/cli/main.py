"""The top level of the command line: the argument parser, the exit status, signals.

Every failure ends here as one sentence on standard error: a refusal or a
worksheet error as itself, an OS error naming its file, a bug as "internal
error" with its traceback only under ``ACH_WORKBENCH_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from app.cli.commands import cmd_check, cmd_export, cmd_import, cmd_score, run_gui
from app.cli.outputs import silence_stdout
from app.cli.refusal import COMMANDS, PDF, PROG, Refusal
from app.cli.sources import cmd_source_add, cmd_source_list
from app.cli.team import cmd_rate, cmd_team_add, cmd_team_init, cmd_team_list, cmd_team_publish
from app.storage.errors import WorksheetError
from app.storage.names import shown as one_line


def _matrix_number(text: str) -> int:
    """``--matrix N``: a whole number from 1 (argparse names the option in its refusal)."""
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a matrix number (1 is the first)")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 1 refused, 2 wrong call)."""
    args_list = sys.argv[1:] if argv is None else list(argv)
    try:
        return _main(args_list)
    except SystemExit as exc:  # argparse: --help, --version (0) or a wrong call (2)
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)


def _main(argv: list[str]) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    if hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")
    try:
        if not argv or argv[0] == "--sample" or (argv[0] not in COMMANDS and argv[0][:1] != "-"):
            return run_gui(argv)
        args = _parser().parse_args(argv)
        if args.command is None:
            _parser().error("a command is needed")
        _on_termination()
        _clean_scratch()
        status: int = args.func(args)
        return status
    except _Terminated as stop:  # cleaned up on the way out (the finally blocks ran)
        return 128 + stop.signum
    except (WorksheetError, Refusal) as exc:
        return _fail(str(exc))
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):  # e.g. `score ... | head`: nothing more to say
            silence_stdout()
            return 0
        return _fail(_os_message(exc))
    except UnicodeError as exc:
        return _fail(f"a file is not readable text ({exc.__class__.__name__})")
    except MemoryError:
        return _fail("the input is too large to process in the memory available")
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so in one sentence, traceback only on request
        if os.environ.get("ACH_WORKBENCH_DEBUG"):
            raise
        return _fail(
            f"internal error ({exc.__class__.__name__}: {str(exc)[:200]}); this is a bug, "
            "please report it (set ACH_WORKBENCH_DEBUG=1 to see the details)"
        )


def _importable_help() -> str:
    """``a .json worksheet or a .csv evidence list``: what the registry can import."""
    from app.interchange.registry import importable, listed  # start-up

    return listed([f"a {f.suffixes[0]} {f.holds.value}" for f in importable()], "or")


def _export_names() -> list[str]:
    from app.interchange.registry import exportable  # start-up

    return [f.name for f in exportable()]


def _parser() -> argparse.ArgumentParser:
    from app import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        usage=f"{PROG} [FILE | --sample]\n"
        f"       {PROG} {{import,export,score,check,source}} ...\n"
        f"       {PROG} --version",
        description="Analysis of Competing Hypotheses (Heuer's ACH). Without a command, "
        "opens the desktop program (with FILE, if given).",
        epilog="Exit status: 0 success, 1 input refused, 2 wrong call.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    p = commands.add_parser(
        "import",
        prog=f"{PROG} import",
        help="JSON worksheet, CSV evidence list, PARC ACH project or Excel workbook to a "
        "worksheet file",
        description="Convert a worksheet in JSON form, an evidence list in CSV, a PARC ACH "
        "project (.achz) or an Excel workbook (.xlsx: a filled matrix or an evidence list) to "
        "a worksheet file. The input is validated completely; a refused input leaves no output.",
    )
    p.add_argument("input", metavar="IN", help=f"{_importable_help()} (- reads stdin)")
    p.add_argument("-o", "--output", metavar="OUT.achw", help="the worksheet file to write")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument(
        "--matrix",
        metavar="N",
        type=_matrix_number,
        help="of a PARC ACH project holding several matrices: the one to import (1 is the first)",
    )
    p.add_argument(
        "--into",
        metavar="FILE.achw",
        help="instead of -o: add the items of an evidence list (CSV or Excel) at the end of this"
        " existing worksheet file (items it already has, by id, are left out)",
    )
    p.set_defaults(func=cmd_import, parser=p)

    p = commands.add_parser(
        "export",
        prog=f"{PROG} export",
        help="worksheet to JSON, CSV (the matrix), an Excel workbook or the PDF brief",
        description="Write a worksheet (.achw or .json) as JSON, as a CSV matrix, as an Excel "
        "workbook (the coloured matrix with its scores, the items' details, the notes) "
        "or as the PDF brief.",
    )
    p.add_argument("input", metavar="IN", help="a worksheet file (.achw) or a worksheet in JSON")
    p.add_argument("--format", required=True, choices=(*_export_names(), PDF))
    p.add_argument(
        "--unweighted",
        action="store_true",
        help="rank by the unweighted inconsistency score (csv scores, pdf brief)",
    )
    p.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="the file to write (- for stdout)"
    )
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument(
        "--group",
        action="store_true",
        help="on a team worksheet: each cell's consensus of every analyst (not your own ratings)",
    )
    p.set_defaults(func=cmd_export, parser=p)

    p = commands.add_parser(
        "score",
        prog=f"{PROG} score",
        help="the scores, evidence measures and sensitivity of a worksheet",
        description="Score a worksheet (.achw or .json): hypotheses in rank order, evidence "
        "diagnosticity, and the sensitivity analysis.",
    )
    p.add_argument(
        "input",
        metavar="IN",
        help="a worksheet file (.achw) or a worksheet in JSON (- reads stdin)",
    )
    p.add_argument("--json", action="store_true", help="print the JSON object of interchange.md")
    p.add_argument(
        "--unweighted", action="store_true", help="rank by the unweighted inconsistency score"
    )
    p.add_argument(
        "--group",
        action="store_true",
        help="on a team worksheet: each cell's consensus of every analyst (not your own ratings)",
    )
    p.set_defaults(func=cmd_score, parser=p)

    p = commands.add_parser(
        "check",
        prog=f"{PROG} check",
        help="validate a worksheet file as opening it would",
        description="Validate a worksheet file (or a worksheet in JSON) without opening it.",
    )
    p.add_argument("input", metavar="IN", help="a worksheet file (.achw) or a worksheet in JSON")
    p.set_defaults(func=cmd_check, parser=p)
    _source_parser(commands)
    _team_parser(commands)
    return parser


def _reliability(text: str) -> str:
    """``--reliability X``: a letter of the Admiralty scale, A to F."""
    from app.domain.sources import Reliability  # start-up

    code = text.strip().upper()
    if code not in {r.value for r in Reliability}:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a source reliability: give a letter from A (completely reliable) "
            "to F (reliability cannot be judged)"
        )
    return code


def _source_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "source",
        prog=f"{PROG} source",
        help="add a source document to a worksheet file, or list its sources",
        description="The documents a worksheet's evidence is drawn from: saved web pages, "
        "PDFs, text files. Nothing a document links to is ever fetched.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", title="actions", required=True)
    a = actions.add_parser(
        "add",
        prog=f"{PROG} source add",
        help="add a document as a source; prints its id",
        description="Add a document to a worksheet file as a source: a saved web page (its "
        "main text, title, author and date), a PDF (its text), or a text file (- reads "
        "standard input as text). Prints the new source's id.",
    )
    a.add_argument("worksheet", metavar="FILE.achw", help="the worksheet file to add it to")
    a.add_argument("document", metavar="DOCUMENT", help=".html, .pdf or text file (- for stdin)")
    a.add_argument(
        "--reliability",
        metavar="A-F",
        type=_reliability,
        help="the source's reliability on the Admiralty scale (A completely reliable, "
        "F cannot be judged); not graded if left out",
    )
    a.set_defaults(func=cmd_source_add, parser=a)
    a = actions.add_parser(
        "list",
        prog=f"{PROG} source list",
        help="the sources of a worksheet: label, id, reliability, title",
        description="List the sources of a worksheet (.achw or .json), one a line: its "
        "label (S1, S2...), id, reliability and title.",
    )
    a.add_argument("worksheet", metavar="IN", help="a worksheet file (.achw) or JSON")
    a.set_defaults(func=cmd_source_list, parser=a)


_ADDRESS = "postgresql://USER@HOST/DATABASE or service=NAME (libpq finds the password)"


def _team_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "team",
        prog=f"{PROG} team",
        help="set up a team server (PostgreSQL), add analysts, publish and list worksheets",
        description="A team workspace on PostgreSQL: one worksheet that several analysts "
        "rate, each as their own login role. Addresses are libpq's: " + _ADDRESS + ".",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", title="actions", required=True)
    a = actions.add_parser(
        "init",
        prog=f"{PROG} team init",
        help="create or upgrade the team workspace's schema (as its administrator)",
        description="Create the team workspace on the server, or upgrade it; a server set "
        "up by a newer program is refused, naming its revision.",
    )
    a.add_argument("url", metavar="URL", help=_ADDRESS)
    a.set_defaults(func=cmd_team_init, parser=a)
    a = actions.add_parser(
        "add",
        prog=f"{PROG} team add",
        help="create an analyst's login role, or change its team role",
        description="Create the login role NAME (its password from ACH_NEW_PASSWORD, or "
        "asked for) or grant an existing one the team role.",
    )
    a.add_argument("url", metavar="URL", help=_ADDRESS)
    a.add_argument("name", metavar="NAME", help="the analyst's login role")
    a.add_argument("--role", required=True, choices=["lead", "analyst", "reader"])
    a.set_defaults(func=cmd_team_add, parser=a)
    a = actions.add_parser(
        "publish",
        prog=f"{PROG} team publish",
        help="publish a worksheet file to the team server; prints its address",
        description="Publish FILE.achw as a new team worksheet: ids are kept, its ratings "
        "and notes become the publishing analyst's. Prints URL#WORKSHEET-ID.",
    )
    a.add_argument("worksheet", metavar="FILE.achw")
    a.add_argument("url", metavar="URL", help=_ADDRESS)
    a.set_defaults(func=cmd_team_publish, parser=a)
    a = actions.add_parser(
        "list",
        prog=f"{PROG} team list",
        help="the team worksheets this analyst may see",
        description="List the team worksheets this role may see: id, title, publisher.",
    )
    a.add_argument("url", metavar="URL", help=_ADDRESS)
    a.set_defaults(func=cmd_team_list, parser=a)

    p = commands.add_parser(
        "rate",
        prog=f"{PROG} rate",
        help="rate one cell, as the connecting analyst (a team worksheet or a file)",
        description="Set one rating (CC, C, N, I, II, NA, or - to clear) of an evidence item "
        "against a hypothesis: on a team worksheet (URL#ID) it is the connecting analyst's "
        "own; on a worksheet file it is the file's.",
    )
    p.add_argument("target", metavar="TARGET", help="URL#WORKSHEET-ID or FILE.achw")
    p.add_argument("evidence", metavar="EVIDENCE-ID")
    p.add_argument("hypothesis", metavar="HYPOTHESIS-ID")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--note", metavar="TEXT", help="the cell's note (kept as it was if left out)")
    p.set_defaults(func=cmd_rate, parser=p)


def _os_message(exc: OSError) -> str:
    name = exc.filename if exc.filename is not None else "a file"
    if isinstance(exc, FileNotFoundError):
        return f"{name}: there is no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{name} is a folder, not a file"
    from app.storage.local.files import reason  # start-up

    return f"{name}: {reason(exc)}"


def _fail(message: str) -> int:
    # One line, nothing a terminal obeys: file names and text from files are in messages.
    message = one_line(message, limit=2000)
    if not message.endswith((".", "!", "?")):
        message += "."
    text = f"{PROG}: {message}\n"
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):  # pragma: no cover - stderr closed
        pass
    return 1


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so every temporary file is removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, _frame: object) -> None:
    signal.signal(signum, signal.SIG_DFL)  # a second one ends the program at once
    raise _Terminated(signum)


def _on_termination() -> None:
    """A command stopped by ``kill`` (SIGTERM) or a closed terminal (SIGHUP) cleans up first.

    Without this, Python dies at once and the copy in the state folder's
    scratch, or a half-written temporary file, stays.  (The window is left to
    Qt: it runs no Python code while it waits.)
    """

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, _terminate)


def _clean_scratch() -> None:
    """What killed commands left in the state folder's scratch: removed by every run."""
    from app.storage.local.session import clean_scratch  # start-up

    clean_scratch()
