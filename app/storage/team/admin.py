"""Setting up a team server: its schema (Alembic) and its analysts (PostgreSQL roles).

Both run as a role that may create schemas and roles (the server's
administrator, or the schema's owner), never as an analyst's own role.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.storage.errors import one_line
from app.storage.team.connection import TeamServerError, connect, engine, shown_server
from app.storage.team.schema import ROLES, SCHEMA

if TYPE_CHECKING:
    from alembic.config import Config

_MIGRATIONS = Path(__file__).with_name("migrations")
_NAME_LIMIT = 63  # PostgreSQL's longest identifier, in bytes


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def known_revisions() -> list[str]:
    """The revisions this program knows, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def server_revision(conninfo: str) -> str | None:
    """The schema revision the server holds (None: no team workspace yet)."""
    from alembic.runtime.migration import MigrationContext

    with engine(conninfo).connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table_schema": SCHEMA})
        return context.get_current_revision()


def init_schema(conninfo: str) -> tuple[str | None, str]:
    """Create the team workspace, or bring it up to this program's revision.

    Returns (the revision before, the revision now).  A server whose revision
    this program does not know (a newer program set it up) is refused, naming it.
    """
    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    before = server_revision(conninfo)
    known = known_revisions()
    if before is not None and before not in known:
        raise TeamServerError(
            f"The team server {shown_server(conninfo)} holds schema revision "
            f"“{one_line(before, 40)}”, newer than this program knows (its newest is "
            f"{known[-1]}): use a newer ACH Workbench."
        )
    config = _alembic_config()
    try:
        with engine(conninfo).begin() as conn:
            # Alembic keeps its version table in the workspace's schema: made first.
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except DBAPIError as exc:
        reason = one_line(str(exc.orig).splitlines()[0] if exc.orig else str(exc))
        raise TeamServerError(
            f"The team server {shown_server(conninfo)} refused to set up the team "
            f"workspace ({reason}): run team init as its administrator."
        ) from None
    return before, known[-1]


def add_member(conninfo: str, name: str, role: str, password: str | None) -> bool:
    """Grant ``name`` the team ``role`` (lead, analyst, reader), creating the login role
    with ``password`` if it does not exist yet.  True if it was created."""
    import psycopg
    from psycopg import sql

    if role not in ROLES:
        raise TeamServerError(f"“{one_line(role, 20)}” is not a team role (lead, analyst, reader).")
    if not name or len(name.encode()) > _NAME_LIMIT or not name.isprintable():
        raise TeamServerError(
            f"“{one_line(name, 70)}” cannot be an analyst's name "
            f"(1 to {_NAME_LIMIT} bytes of printable text)."
        )
    if name.startswith(("ach_", "pg_")):
        raise TeamServerError(f"“{one_line(name, 70)}” is a name the team server keeps for itself.")
    with connect(conninfo) as conn:
        try:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
            if not exists:
                if not password:
                    raise TeamServerError(f"A new analyst, {one_line(name, 70)}, needs a password.")
                # CREATE ROLE takes no bound parameter: the password is quoted as a literal.
                conn.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                        sql.Identifier(name), sql.Literal(password)
                    )
                )
            for other in ROLES.values():  # one team role at a time
                if other != ROLES[role]:
                    conn.execute(
                        sql.SQL("REVOKE {} FROM {}").format(
                            sql.Identifier(other), sql.Identifier(name)
                        )
                    )
            conn.execute(
                sql.SQL("GRANT {} TO {}").format(sql.Identifier(ROLES[role]), sql.Identifier(name))
            )
        except psycopg.errors.InsufficientPrivilege:
            raise TeamServerError(
                f"The team server {shown_server(conninfo)} does not let this role manage "
                "analysts: run team add as its administrator."
            ) from None
        except psycopg.errors.UndefinedObject:
            raise TeamServerError(
                f"The team server {shown_server(conninfo)} has no team workspace yet: "
                "run team init first."
            ) from None
    return not exists
