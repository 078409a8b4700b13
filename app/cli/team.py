"""``team init|add|publish|list`` and ``rate``: the team server from the command line.

Every command connects as the role its address names; libpq finds the
password (``~/.pgpass``, a service file, ``PGPASSWORD``).  No address is
printed with a password in it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from app.cli.inputs import is_worksheet_file
from app.cli.outputs import say
from app.cli.refusal import Refusal, shown

if TYPE_CHECKING:
    from app.domain.model import Rating
    from app.storage.team.connection import ServerAddress

NEW_PASSWORD = "ACH_NEW_PASSWORD"


def _server(text: str) -> ServerAddress:
    from app.storage.team.connection import ServerAddress, is_server_address

    if not is_server_address(text):
        raise Refusal(
            f"{shown(text)} is not a team server's address "
            "(give postgresql://USER@HOST/DATABASE or service=NAME)"
        )
    return ServerAddress.parse(text)


def cmd_team_init(args: argparse.Namespace) -> int:
    from app.storage.team.admin import init_schema

    server = _server(args.url)
    before, now = init_schema(server.conninfo)
    if before is None:
        say(f"Created the team workspace on {server.name} (schema revision {now}).")
    elif before == now:
        say(f"The team workspace on {server.name} is up to date (schema revision {now}).")
    else:
        say(f"Upgraded the team workspace on {server.name} from revision {before} to {now}.")
    return 0


def cmd_team_add(args: argparse.Namespace) -> int:
    from app.storage.team.admin import add_member

    server = _server(args.url)
    password = os.environ.get(NEW_PASSWORD)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(f"Password for {args.name}: ")
    created = add_member(server.conninfo, args.name, args.role, password or None)
    done = "Created" if created else "Granted"
    say(f"{done} {args.name} as {args.role} on {server.name}.")
    return 0


def cmd_team_publish(args: argparse.Namespace) -> int:
    from app.storage.address import FileAddress
    from app.storage.stores import read_stored
    from app.storage.team.connection import ServerAddress
    from app.storage.team.worksheets import publish

    if not is_worksheet_file(args.worksheet):
        raise Refusal(f"{shown(args.worksheet)} is not a worksheet file (.achw); publish one")
    server = _server(args.url)
    ws = read_stored(FileAddress.of(args.worksheet))
    left = [
        what for what, there in (("sources", ws.sources), ("milestones", ws.milestones)) if there
    ]
    wid = publish(ws, server.conninfo)
    if left:
        print(
            f"ach-workbench: the team server does not keep {' and '.join(left)} in this "
            f"version: they stay in {args.worksheet} only",
            file=sys.stderr,
        )
    say(str(ServerAddress(server.conninfo, wid)))
    return 0


def cmd_team_list(args: argparse.Namespace) -> int:
    from app.storage.team.worksheets import list_worksheets

    server = _server(args.url)
    found = list_worksheets(server.conninfo)
    if not found:
        say(f"{server.name} has no worksheets this analyst may see.")
    for w in found:
        say(f"{w.id}  {w.title}  (published by {w.created_by})")
    return 0


def cmd_rate(args: argparse.Namespace) -> int:
    """``rate TARGET EVIDENCE-ID HYPOTHESIS-ID CODE [--note TEXT]``: one rating of one cell."""
    from app.domain.model import Rating

    code = args.code.strip().upper()
    if code in ("-", "NONE", "BLANK"):
        rating = None
    elif code in Rating._value2member_map_:
        rating = Rating(code)
    else:
        raise Refusal(
            f"{shown(args.code)} is not a rating: give CC, C, N, I, II, NA, or - to clear it"
        )
    from app.storage.limits import MAX_NOTE
    from app.storage.team.connection import is_server_address

    if args.note is not None and len(args.note) > MAX_NOTE:
        raise Refusal(f"a note holds at most {MAX_NOTE:,} characters")
    if is_server_address(args.target):
        from app.storage.team.worksheets import rate

        rate(_server(args.target), args.evidence, args.hypothesis, rating, args.note)
    elif is_worksheet_file(args.target):
        _rate_file(args, rating)
    else:
        raise Refusal(
            f"{shown(args.target)} is neither a team worksheet (URL#ID) nor a worksheet file "
            "(.achw)"
        )
    return 0


def _rate_file(args: argparse.Namespace, rating: Rating | None) -> None:
    from app.cli.commands import change_in_place
    from app.domain.model import Cell, Worksheet
    from app.storage.address import FileAddress
    from app.storage.changes import Change

    def edit(ws: Worksheet) -> tuple[Change, None]:
        if args.evidence not in {e.id for e in ws.evidence}:
            raise Refusal(f"{args.target} has no evidence item {shown(args.evidence)}")
        if args.hypothesis not in {h.id for h in ws.hypotheses}:
            raise Refusal(f"{args.target} has no hypothesis {shown(args.hypothesis)}")
        key = (args.evidence, args.hypothesis)
        old = ws.cells.get(key, Cell())
        ws.set_cell(*key, Cell(rating, old.note if args.note is None else args.note))
        return Change(cells={key}), None

    change_in_place(FileAddress.of(args.target), edit)
