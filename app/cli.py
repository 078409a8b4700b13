"""The ``ach-workbench`` command: the desktop program, or a headless subcommand.

    ach-workbench [FILE]                                 the desktop program
    ach-workbench import IN -o OUT.achw [--force]        JSON or CSV evidence list -> worksheet
    ach-workbench import LIST.csv --into FILE.achw       CSV evidence list added to a worksheet
    ach-workbench export IN --format json|csv|pdf -o OUT [--force]
    ach-workbench score IN [--json] [--unweighted]
    ach-workbench check IN

Exit status: 0 success, 1 input refused (one sentence on stderr), 2 wrong call.

Start-up is kept short: this module imports only the standard library's
basics, and each command imports what it needs when it runs (no Qt, no
reportlab, no SQLAlchemy unless the command reads or writes a worksheet file).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn

if TYPE_CHECKING:
    from app.domain.model import Worksheet
    from app.interchange.registry import Format

PROG = "ach-workbench"
COMMANDS = ("import", "export", "score", "check")
STDIO = "-"
PDF = "pdf"
"""The brief: rendered by app.report, so not an interchange format of the registry."""


class Refusal(Exception):
    """The command cannot do what was asked; ``str()`` is one sentence for the analyst."""


# -- reading inputs -----------------------------------------------------------


def _read_limited(name: str) -> bytes:
    """The bytes of file ``name`` (or standard input for ``-``), refusing oversize input early."""
    from app.storage.limits import MAX_FILE_BYTES

    if name == STDIO:
        data = _read_stdin(MAX_FILE_BYTES + 1)
    else:
        _tidy_beside(name)
        data = _read_file(name, MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Refusal(
            f"{_shown(name)} is larger than {MAX_FILE_BYTES // 1_000_000} MB, "
            "the limit for an imported file"
        )
    return data


def _read_stdin(limit: int) -> bytes:
    stream: BinaryIO | None = getattr(sys.stdin, "buffer", None)
    if stream is None:  # started with standard input closed: Python sets sys.stdin to None
        raise Refusal("standard input is closed; give a file name instead of -")
    try:
        data = stream.read(limit)
    except OSError as e:  # a folder (< /), a terminal that went away
        from app.storage.local.files import reason

        raise Refusal(f"standard input could not be read ({reason(e)})") from None
    if not data:
        raise Refusal("standard input is empty; give a file name instead of -, or pipe one in")
    return data


def _read_file(name: str, limit: int) -> bytes:
    """The start of the file ``name``: never a named pipe, a device or a folder."""
    from app.storage.local.special_files import read_regular

    if Path(name).is_dir():
        raise Refusal(f"{name} is a folder, not a file")
    return read_regular(name, limit)


def _tidy_beside(name: str) -> None:
    """Remove what killed imports and exports of this program left in the folder of ``name``."""
    from app.storage.local.leftovers import remove_leftover_writes

    if name != STDIO:
        remove_leftover_writes(Path(name).parent)


def _shown(name: str) -> str:
    return "standard input" if name == STDIO else name


def _head(name: str) -> bytes:
    """The first bytes of file ``name`` (none for standard input): enough for the SQLite header."""
    from app.storage.stored import SQLITE_HEADER

    if name == STDIO:
        return b""
    return _read_file(name, len(SQLITE_HEADER))


def _has_sqlite_header(name: str) -> bool:
    from app.storage.stored import SQLITE_HEADER

    return _head(name).startswith(SQLITE_HEADER)


def _is_worksheet_file(name: str) -> bool:
    """Named .achw or starting with the SQLite header: opened by the storage, not read here."""
    from app.interchange.registry import native

    return name != STDIO and native().sniff(_head(name), name)


def _sniff(data: bytes, name: str, among: list[Format] | None = None) -> Format:
    """The registry's one answer on the format of ``data`` (all formats unless ``among``)."""
    from app.interchange.registry import sniff

    return sniff(data, "" if name == STDIO else name, among, shown=_shown(name))


def _load(name: str) -> Worksheet:
    """A worksheet from a worksheet file (.achw) or its JSON form, validated."""
    from app.interchange.registry import whole_worksheets

    if _is_worksheet_file(name):
        from app.storage.achw.worksheet_file import read_worksheet

        return read_worksheet(Path(name))
    data = _read_limited(name)
    fmt = _sniff(data, name, whole_worksheets())
    if fmt.reader is None:  # a worksheet file's bytes on standard input
        raise Refusal("a worksheet file cannot be read from standard input; give its file name")
    return fmt.reader(data, source=_shown(name), title=_title(name))


def _refuse_worksheet_on_stdin(name: str, data: bytes, wanted: str) -> None:
    """A worksheet file piped in is not an evidence list: say what it is, and where it goes."""
    from app.storage.stored import SQLITE_HEADER

    if name == STDIO and data.startswith(SQLITE_HEADER):
        raise Refusal(
            f"standard input holds a worksheet file, which must be given by its file name; {wanted}"
        )


def _title(name: str) -> str:
    """The title of a worksheet made from an evidence list: the file's name without suffix."""
    return "" if name == STDIO else Path(name).stem


# -- writing outputs ----------------------------------------------------------


def _check_target(name: str, force: bool, source: str | None = None) -> Path:
    from app.storage.local.special_files import WRITABLE, output_kind

    path = Path(name)
    if source not in (None, STDIO) and path.exists() and path.samefile(source):
        raise Refusal(f"{name} is the input itself; write the output to another file")
    if path.is_dir():
        raise Refusal(f"{name} is a folder; give the name of the file to write")
    folder = path.parent
    if not folder.is_dir():
        raise Refusal(f"cannot write {name}: the folder {folder} does not exist")
    special = output_kind(path)
    if special in WRITABLE:
        return path  # written into, as a shell's ">" would: nothing is replaced
    if special is not None:
        raise Refusal(f"{name} is {special}; give the name of a file to write")
    if (path.exists() or path.is_symlink()) and not force:
        raise Refusal(f"{name} already exists; add --force to replace it")
    return path


def _special_target(target: Path) -> bool:
    """A named pipe or a device (``/dev/null``, ``/dev/stdout``): written into, never replaced."""
    from app.storage.local.special_files import WRITABLE, output_kind

    return output_kind(target) in WRITABLE


def _write_into(target: Path, data: BinaryIO | bytes) -> None:
    from app.storage.local import files
    from app.storage.local.special_files import OutputRefused, write_into

    try:
        write_into(target, data)
    except OutputRefused as e:
        raise Refusal(str(e)) from None
    except OSError as e:
        raise files.target_error(e, target) from e


def _check_stdout() -> None:
    """Refuse before any work when standard output, where the result goes, is closed."""
    if sys.stdout is None:  # started with it closed (`>&-`): Python sets sys.stdout to None
        raise Refusal("standard output is closed, so there is nowhere to write the result")


def _write_stdout(data: bytes | str) -> None:
    """``data`` on standard output; a failure is one sentence naming standard output."""
    _check_stdout()
    try:
        if isinstance(data, str):
            sys.stdout.write(data)
        else:
            out = getattr(sys.stdout, "buffer", None)
            if out is None:  # stdout replaced by a text stream (an embedding program, a test)
                sys.stdout.write(data.decode("utf-8"))
            else:
                out.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:  # `> /dev/full`: the disk is full
        from app.storage.local.files import reason

        _silence_stdout()  # what is still buffered is dropped, not written again at exit
        raise Refusal(f"standard output could not be written ({reason(e)})") from None


def _say(line: str) -> None:
    """A line of report on standard output; none when it is closed (the exit status tells)."""
    if sys.stdout is not None:
        _write_stdout(line + "\n")


def _write_bytes(name: str, data: bytes, force: bool) -> None:
    """Write ``data`` to ``name`` with the storage's one atomic writer, or to stdout for -."""
    if name == STDIO:
        _write_stdout(data)
        return
    from app.storage.local.files import write_bytes_atomically

    target = _check_target(name, force)
    try:
        write_bytes_atomically(target, data, overwrite=force)
    except FileExistsError:  # appeared since the check: without --force it stays
        raise Refusal(f"{name} already exists; add --force to replace it") from None


def _write_worksheet_file(ws: Worksheet, name: str, force: bool) -> None:
    """Write a worksheet file atomically; without ``force`` never replace an existing file."""
    import contextlib
    import shutil

    from app.storage.achw.worksheet_file import write_worksheet
    from app.storage.local import files, leftovers
    from app.storage.local.lock import check_not_locked
    from app.storage.local.special_files import real_target

    target = _check_target(name, force)
    if _special_target(target):
        _write_worksheet_into(ws, target)
        return
    target = real_target(target)  # through a symbolic link: the link stays
    if force:
        check_not_locked(target)  # refused while someone has the file open
    leftovers.remove_leftover_writes(target.parent)
    # Built in a private folder beside the target (its name short and hidden, whatever
    # the target is called, and locked while it lives), then put in place: without
    # --force a file that appeared meanwhile is never overwritten.
    try:
        work, held = leftovers.locked_folder(target)
    except OSError as e:
        raise files.folder_error(e, target) from e
    try:
        tmp = work / target.name
        write_worksheet(ws, tmp)
        try:
            os.chmod(tmp, _new_file_mode(target))
            if force:
                os.replace(tmp, target)
            else:
                files.publish_new(tmp, target)  # never over a file that appeared meanwhile
        except FileExistsError:
            raise Refusal(f"{target} already exists; add --force to replace it") from None
        except OSError as e:
            raise files.target_error(e, target) from e
        with contextlib.suppress(OSError):  # some file systems cannot flush a folder
            files.fsync_dir(target.parent)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        os.close(held)


def _new_file_mode(target: Path) -> int:
    """The mode an ordinary new file would get, or target's own."""
    from app.storage.local.files import existing_mode

    mode = existing_mode(target)
    if mode is not None:
        return mode
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_worksheet_into(ws: Worksheet, target: Path) -> None:
    """A worksheet file into a named pipe or a device: built in private, then streamed."""
    import shutil

    from app.storage.achw.worksheet_file import write_worksheet
    from app.storage.local.session import new_scratch

    work = new_scratch()
    try:
        built = work / "new.achw"
        write_worksheet(ws, built)
        with open(built, "rb") as f:
            _write_into(target, f)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- commands -----------------------------------------------------------------


def _cmd_import(args: argparse.Namespace) -> int:
    name: str = args.input
    if args.into is not None:
        return _import_into(args)
    if args.output is None:
        _usage_error(
            args, "give -o OUT.achw (a new worksheet) or --into FILE.achw (an existing one)"
        )
    if not args.output.lower().endswith(".achw"):
        _usage_error(
            args, f"the output of import is a worksheet file: {args.output} must end in .achw"
        )
    _check_target(args.output, args.force, source=name)
    from app.interchange.registry import importable

    if _has_sqlite_header(name):
        raise Refusal(f"{name} is already a worksheet file; open it, or export it to JSON or CSV")
    data = _read_limited(name)
    _refuse_worksheet_on_stdin(name, data, "import reads a JSON worksheet or a CSV evidence list")
    fmt = _sniff(data, name, importable())
    assert fmt.reader is not None  # importable() holds only formats with a reader
    ws = fmt.reader(data, source=_shown(name), title=_title(name))
    _write_worksheet_file(ws, args.output, args.force)
    return 0


def _import_into(args: argparse.Namespace) -> int:
    """``import LIST.csv --into FILE.achw``: the list's items added at the end of FILE.

    Saved through the storage layer as the window saves (the file is locked
    while it changes, then replaced in one step); items FILE already has, by
    id, are left out.
    """
    name, into = args.input, args.into
    if args.output is not None or args.force:
        _usage_error(args, "--into changes FILE.achw in place: give neither -o nor --force")
    if not _is_worksheet_file(into):
        raise Refusal(f"{into} is not a worksheet file (.achw); --into adds to a worksheet file")
    if _has_sqlite_header(name):
        raise Refusal(f"{name} is a worksheet file; --into adds a CSV evidence list to a worksheet")
    data = _read_limited(name)
    _refuse_worksheet_on_stdin(name, data, "--into adds a CSV evidence list to a worksheet")
    from app.interchange.registry import FormatRefused, Holds, importable, listed

    lists = [f for f in importable() if f.holds is Holds.EVIDENCE]
    try:
        fmt: Format | None = _sniff(data, name)
    except FormatRefused as e:
        if not e.binary:
            raise  # a known format not read yet: the registry names it
        fmt = None
    if fmt is None or fmt not in lists:
        what = "binary data" if fmt is None or fmt.native else fmt.described
        wanted = listed([f.described for f in lists], "or")
        raise Refusal(
            f"{_shown(name)} holds {what}; --into adds only {wanted} to a worksheet"
            " (to combine two worksheets, compare them in the window)"
        )
    reader = fmt.reader
    assert reader is not None  # importable() holds only formats with a reader
    from app.domain.import_items import added_sentence, new_items
    from app.storage.achw.worksheet_file import Change, WorksheetFile
    from app.storage.limits import MAX_EVIDENCE, count

    # all read before FILE is touched
    items = reader(data, source=_shown(name), title=_title(name)).evidence
    with WorksheetFile.open(Path(into)) as file:
        ws = file.worksheet
        fresh, already = new_items(ws, items)
        if len(ws.evidence) + len(fresh) > MAX_EVIDENCE:
            raise Refusal(
                f"{into} would hold more than {count(MAX_EVIDENCE, 'evidence item')}, the limit"
            )
        if fresh:
            ws.evidence.extend(fresh)
            file.commit(Change(evidence={e.id for e in fresh}))
            file.save()
    _say(added_sentence(len(fresh), already, _shown(name), into))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    fmt: str = args.format
    if args.output == STDIO:
        _check_stdout()
    else:
        _check_target(args.output, args.force, source=args.input)
    ws = _load(args.input)
    data: bytes
    if fmt != PDF:
        from app.interchange.registry import by_name

        writer = by_name(fmt).writer
        assert writer is not None  # the choices are the formats with a writer
        data = writer(ws, unweighted=args.unweighted)
    else:
        try:
            from app.report.render import render_brief
        except ImportError:
            raise Refusal(
                "the PDF brief is not available in this version of ACH Workbench"
            ) from None
        brief = render_brief(ws, unweighted=args.unweighted)
        data = brief.pdf
        if brief.warning:
            sys.stderr.write(f"{PROG}: warning: {brief.warning}\n")
    _write_bytes(args.output, data, args.force)
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    from app.interchange.score_report import score_json, score_table

    _check_stdout()
    ws = _load(args.input)
    if args.json:
        text = score_json(ws, unweighted=args.unweighted)
        _write_stdout(text.encode("utf-8", "backslashreplace"))
    else:
        _write_stdout(score_table(ws, unweighted=args.unweighted))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    name: str = args.input
    if name == STDIO or _is_worksheet_file(name):
        if name == STDIO:
            raise Refusal(
                "check needs a file name: a worksheet file cannot be read from standard input"
            )
        from app.storage.achw.worksheet_file import check_worksheet

        check_worksheet(Path(name))
        _say(f"{name}: a valid worksheet file")
        return 0
    ws = _load(name)
    from app.storage.limits import count

    hypotheses = count(len(ws.hypotheses), "hypothesis", "hypotheses", grouped=False)
    evidence = count(len(ws.evidence), "evidence item", grouped=False)
    _say(f"{name}: a valid worksheet in JSON form ({hypotheses}, {evidence})")
    return 0


def _run_gui(argv: list[str]) -> int:
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
        from app.ui.main import run_gui
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


# -- argument parsing and the top level -----------------------------------------


def _usage_error(args: argparse.Namespace, message: str) -> NoReturn:
    parser: argparse.ArgumentParser = args.parser
    parser.error(message)


def _importable_help() -> str:
    """``a .json worksheet or a .csv evidence list``: what the registry can import."""
    from app.interchange.registry import importable, listed

    return listed([f"a {f.suffixes[0]} {f.holds.value}" for f in importable()], "or")


def _export_names() -> list[str]:
    from app.interchange.registry import exportable

    return [f.name for f in exportable()]


def _parser() -> argparse.ArgumentParser:
    from app import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        usage=f"{PROG} [FILE | --sample]\n"
        f"       {PROG} {{import,export,score,check}} ...\n"
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
        help="JSON worksheet or CSV evidence list to a worksheet file",
        description="Convert a worksheet in JSON form, or an evidence list in CSV, to a "
        "worksheet file. The input is validated completely; a refused input leaves no output.",
    )
    p.add_argument("input", metavar="IN", help=f"{_importable_help()} (- reads stdin)")
    p.add_argument("-o", "--output", metavar="OUT.achw", help="the worksheet file to write")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument(
        "--into",
        metavar="FILE.achw",
        help="instead of -o: add the items of a CSV evidence list at the end of this existing"
        " worksheet file (items it already has, by id, are left out)",
    )
    p.set_defaults(func=_cmd_import, parser=p)

    p = commands.add_parser(
        "export",
        prog=f"{PROG} export",
        help="worksheet to JSON, CSV (the matrix) or the PDF brief",
        description="Write a worksheet (.achw or .json) as JSON, as a CSV matrix "
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
    p.set_defaults(func=_cmd_export, parser=p)

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
    p.set_defaults(func=_cmd_score, parser=p)

    p = commands.add_parser(
        "check",
        prog=f"{PROG} check",
        help="validate a worksheet file as opening it would",
        description="Validate a worksheet file (or a worksheet in JSON) without opening it.",
    )
    p.add_argument("input", metavar="IN", help="a worksheet file (.achw) or a worksheet in JSON")
    p.set_defaults(func=_cmd_check, parser=p)
    return parser


def _os_message(exc: OSError) -> str:
    name = exc.filename if exc.filename is not None else "a file"
    if isinstance(exc, FileNotFoundError):
        return f"{name}: there is no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{name} is a folder, not a file"
    from app.storage.local.files import reason

    return f"{name}: {reason(exc)}"


def _fail(message: str) -> int:
    from app.storage.names import shown

    # One line, nothing a terminal obeys: file names and text from files are in messages.
    message = shown(message, limit=2000)
    if not message.endswith((".", "!", "?")):
        message += "."
    text = f"{PROG}: {message}\n"
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):  # pragma: no cover - stderr closed
        pass
    return 1


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 1 refused, 2 wrong call)."""
    args_list = sys.argv[1:] if argv is None else list(argv)
    try:
        return _main(args_list)
    except SystemExit as exc:  # argparse: --help, --version (0) or a wrong call (2)
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)


def _main(argv: list[str]) -> int:
    from app.storage.errors import WorksheetError

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    if hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")
    try:
        if not argv or argv[0] == "--sample" or (argv[0] not in COMMANDS and argv[0][:1] != "-"):
            return _run_gui(argv)
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
            _silence_stdout()
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


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so every temporary file is removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, _frame: object) -> None:
    import signal

    signal.signal(signum, signal.SIG_DFL)  # a second one ends the program at once
    raise _Terminated(signum)


def _on_termination() -> None:
    """A command stopped by ``kill`` (SIGTERM) or a closed terminal (SIGHUP) cleans up first.

    Without this, Python dies at once and the copy in the state folder's
    scratch, or a half-written temporary file, stays.  (The window is left to
    Qt: it runs no Python code while it waits.)
    """
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, _terminate)


def _clean_scratch() -> None:
    """What killed commands left in the state folder's scratch: removed by every run."""
    from app.storage.local.session import clean_scratch

    clean_scratch()


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover
        pass
