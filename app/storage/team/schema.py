"""The team server's tables: the worksheet file's, with the worksheet and the analyst added.

A server holds many worksheets, so every table of a worksheet's parts is keyed
by ``worksheet_id`` too; a rating is an analyst's own, so ``ratings`` is the
file's ``cells`` keyed by the analyst (the PostgreSQL login role) as well.  The
other columns are the file's own (:mod:`app.storage.achw.schema`), taken from
its tables here, so that a field added to the file is a field of the server's
tables the same day (a test compares them with what the migrations create).
Each row has a ``version`` for the optimistic check of concurrent edits.

The exact SQL, with the grants and row-level security that keep each role to
what it may do, is frozen in the Alembic revisions under ``migrations/``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    text,
)

from app.storage.achw import schema as file_schema

SCHEMA = "ach"
"""The PostgreSQL schema that holds the team workspace."""

metadata = MetaData(schema=SCHEMA)

# The group roles an analyst's login role is granted (``team add``).
ROLES = {"lead": "ach_lead", "analyst": "ach_analyst", "reader": "ach_reader"}


def _file_columns(table: Table, *, leave_out: frozenset[str] = frozenset()) -> list[Column[Any]]:
    """The file's columns of ``table`` (no keys: the server's keys are its own)."""
    return [
        Column(c.name, c.type, nullable=c.nullable)
        for c in table.columns
        if c.name not in leave_out and not c.foreign_keys
    ]


def _version() -> Column[int]:
    return Column("version", Integer, nullable=False, server_default="1")


def _worksheet_id() -> Column[str]:
    return Column("worksheet_id", Text, nullable=False)


worksheets_table = Table(
    "worksheets",
    metadata,
    Column("id", Text, primary_key=True),
    *_file_columns(file_schema.worksheet_table, leave_out=frozenset({"id", "saved_by"})),
    _version(),
    Column("created_by", Text, nullable=False, server_default=text("current_user")),
)

hypotheses_table = Table(
    "hypotheses",
    metadata,
    _worksheet_id(),
    *_file_columns(file_schema.hypotheses_table),
    _version(),
    PrimaryKeyConstraint("worksheet_id", "id"),
    ForeignKeyConstraint(["worksheet_id"], ["ach.worksheets.id"], ondelete="CASCADE"),
)

evidence_table = Table(
    "evidence",
    metadata,
    _worksheet_id(),
    *_file_columns(file_schema.evidence_table),
    _version(),
    PrimaryKeyConstraint("worksheet_id", "id"),
    ForeignKeyConstraint(["worksheet_id"], ["ach.worksheets.id"], ondelete="CASCADE"),
)

ratings_table = Table(
    "ratings",
    metadata,
    _worksheet_id(),
    Column("evidence_id", Text, nullable=False),
    Column("hypothesis_id", Text, nullable=False),
    # The login role that rated: the server fills it in (and row security insists on it).
    Column("analyst", Text, nullable=False, server_default=text("current_user")),
    *_file_columns(file_schema.cells_table),
    _version(),
    PrimaryKeyConstraint("worksheet_id", "evidence_id", "hypothesis_id", "analyst"),
    ForeignKeyConstraint(
        ["worksheet_id", "evidence_id"],
        ["ach.evidence.worksheet_id", "ach.evidence.id"],
        ondelete="CASCADE",
    ),
    ForeignKeyConstraint(
        ["worksheet_id", "hypothesis_id"],
        ["ach.hypotheses.worksheet_id", "ach.hypotheses.id"],
        ondelete="CASCADE",
    ),
)

history_table = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True),
    _worksheet_id(),
    Column("at", Text, nullable=False),
    Column("who", Text, nullable=False),
    Column("what", Text, nullable=False),  # insert, update, delete
    Column("target", Text, nullable=False),  # the table
    Column("detail", Text, nullable=False),  # the row, as JSON
)
"""Every change, with who and when: written by the server's own trigger, read-only to all."""
