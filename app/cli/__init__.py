"""The ``ach-workbench`` command: the desktop program, or a headless subcommand.

    ach-workbench [FILE]                                 the desktop program
    ach-workbench import IN -o OUT.achw [--force]        JSON or CSV evidence list -> worksheet
    ach-workbench import LIST.csv --into FILE.achw       CSV evidence list added to a worksheet
    ach-workbench export IN --format json|csv|pdf -o OUT [--force]
    ach-workbench score IN [--json] [--unweighted]
    ach-workbench check IN

Exit status: 0 success, 1 input refused (one sentence on stderr), 2 wrong call.

:mod:`~app.cli.main` parses the arguments and turns every failure into its
sentence; :mod:`~app.cli.commands` holds the commands, which read through
:mod:`~app.cli.inputs` and write through :mod:`~app.cli.outputs`;
:mod:`~app.cli.refusal` is what they share.

Start-up is kept short: these modules import only the standard library's
basics and the program's few plain modules (limits, names, errors) at the
top.  Everything else -- the formats, the worksheet file and SQLAlchemy,
reportlab, Qt -- is imported inside the function that needs it, marked
``# start-up``, so that ``score`` of a JSON file never loads SQLAlchemy and
``--version`` loads nothing (bench/bench_core.py measures it).
"""

from app.cli.main import main

__all__ = ["main"]
