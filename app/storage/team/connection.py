"""A team server's address, and a connection to it that fails in one sentence.

An address is a libpq connection string (``postgresql://…`` or
``service=team``) and, after ``#``, a worksheet's id.  libpq's own means
give the password (``~/.pgpass``, a service file, a client certificate,
GSSAPI): this program never stores one, and never shows one (:func:`shown_server`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.storage.errors import WorksheetError, one_line

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy.engine import Engine

APPLICATION = "ACH Workbench"
CONNECT_TIMEOUT = 10  # seconds: a server that does not answer is said so, not waited on
_URI = re.compile(r"\Apostgres(ql)?://", re.IGNORECASE)
_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\Z")


class TeamServerError(WorksheetError):
    """The team server could not be reached, or refused: one sentence."""


def is_server_address(text: str) -> bool:
    """``text`` names a team server (a database URI or a libpq key=value string)."""
    return bool(_URI.match(text)) or text.startswith(("service=", "host=", "dbname="))


@dataclass(frozen=True)
class ServerAddress:
    """A worksheet on a team server: its connection string and its id ("" for none)."""

    conninfo: str
    worksheet_id: str = ""

    @classmethod
    def parse(cls, text: str) -> ServerAddress:
        conninfo, _, wid = text.rpartition("#") if "#" in text else (text, "", "")
        if wid and not _ID.match(wid):
            raise TeamServerError(f"“{one_line(wid, 40)}” is not a team worksheet's id.")
        return cls(conninfo, wid)

    def __str__(self) -> str:
        """The address as the analyst may see and keep it: never with a password."""
        server = without_password(self.conninfo)
        return f"{server}#{self.worksheet_id}" if self.worksheet_id else server

    @property
    def name(self) -> str:
        """What the analyst calls it: the worksheet's id (its title is the worksheet's)."""
        return self.worksheet_id or shown_server(self.conninfo)

    @property
    def stem(self) -> str:
        """A name for files made from it (a copy, a brief)."""
        return f"team-{self.worksheet_id}" if self.worksheet_id else "team"

    @property
    def place(self) -> str:
        """Where it is: the server, as the analyst calls it."""
        return shown_server(self.conninfo)

    def canonical(self) -> ServerAddress:
        return self


def _parts(conninfo: str) -> dict[str, str]:
    from psycopg.conninfo import conninfo_to_dict  # the first team command loads psycopg

    try:
        return {k: str(v) for k, v in conninfo_to_dict(conninfo).items() if v is not None}
    except Exception:  # psycopg.ProgrammingError: not a connection string libpq reads
        raise TeamServerError(
            "The team server's address is not one libpq reads "
            "(give postgresql://USER@HOST/DATABASE or service=NAME)."
        ) from None


def without_password(conninfo: str) -> str:
    """``conninfo`` with any password left out: a URI stays a URI, else libpq's
    key=value string."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    from psycopg.conninfo import make_conninfo

    parts = _parts(conninfo)  # refuses what libpq cannot read
    if _URI.match(conninfo):
        url = urlsplit(conninfo)
        netloc = url.netloc.rpartition("@")
        user = netloc[0].partition(":")[0]
        host = f"{user}@{netloc[2]}" if netloc[1] else netloc[2]
        query = [(k, v) for k, v in parse_qsl(url.query) if k != "password"]
        return urlunsplit((url.scheme, host, url.path, urlencode(query, safe="/"), ""))
    parts.pop("password", None)
    return make_conninfo(**parts)


def shown_server(conninfo: str) -> str:
    """What the analyst calls the server: "team on db.example.org", no password."""
    parts = _parts(conninfo)
    place = parts.get("service") or parts.get("host") or "this machine"
    if place.startswith("/"):
        place = "this machine"
    database = parts.get("dbname", "")
    return one_line(f"{database} on {place}" if database else place, 80)


def connect(conninfo: str, *, autocommit: bool = False) -> psycopg.Connection[tuple[object, ...]]:
    """A connection to the team server, or one sentence saying why there is none."""
    import psycopg

    _parts(conninfo)  # an address libpq cannot read is said so, not sent
    try:
        return psycopg.connect(
            conninfo,
            autocommit=autocommit,
            connect_timeout=CONNECT_TIMEOUT,
            application_name=APPLICATION,
        )
    except psycopg.OperationalError as exc:
        raise TeamServerError(failure_sentence(exc, conninfo)) from None


def failure_sentence(exc: BaseException, conninfo: str) -> str:
    """libpq's words for a failed connection, as one sentence naming the server."""
    text = str(exc)
    server = shown_server(conninfo)
    user = _parts(conninfo).get("user", "")
    who = f" for {one_line(user, 60)}" if user else ""
    if "password authentication failed" in text:
        return f"The team server {server} refused the password{who}."
    if "no password supplied" in text:
        return (
            f"The team server {server} asks for a password{who}, and none was given "
            "(keep it in ~/.pgpass or a service file: this program stores none)."
        )
    if re.search(r'role ".*" does not exist', text):
        return f"The team server {server} has no analyst{who or ' of that name'}."
    if re.search(r'database ".*" does not exist', text):
        return f"The team server {server} has no such database."
    if any(w in text for w in ("Connection refused", "No such file", "could not translate")):
        return (
            f"Could not reach the team server {server}: check that it is running and that "
            "the address is right."
        )
    if "timeout expired" in text:
        return f"The team server {server} did not answer within {CONNECT_TIMEOUT} seconds."
    return f"Could not connect to the team server {server} ({one_line(text)})."


def engine(conninfo: str, *, keep: bool = False) -> Engine:
    """An SQLAlchemy engine on the server (psycopg 3): a connection per transaction, or
    (``keep``, a window's) one connection kept open and checked before each use."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool, QueuePool

    _parts(conninfo)
    # creator: libpq reads the address itself (service names, key=value strings), and
    # a refusal is our sentence, not SQLAlchemy's.
    if keep:
        return create_engine(
            "postgresql+psycopg://",
            creator=lambda: connect(conninfo),
            poolclass=QueuePool,
            pool_size=1,
            max_overflow=0,
            pool_pre_ping=True,  # a server restarted meanwhile costs a reconnect, not an error
        )
    return create_engine(
        "postgresql+psycopg://", creator=lambda: connect(conninfo), poolclass=NullPool
    )
