"""The tables of a worksheet file: the one description of the schema.

These SQLAlchemy Core tables, on one :data:`metadata`, describe the
*current* schema version; everything else follows them:

* the writers (:mod:`app.storage.achw.rows`, :mod:`app.storage.achw.worksheet_file`)
  build their statements on these tables;
* the exact SQL every released version creates is frozen in
  :mod:`app.storage.achw.migrations` (old files must open); a test checks that
  this metadata creates exactly that SQL, so neither an edit here nor a new
  SQLAlchemy release can silently change what a worksheet file looks like;
* the loader (:mod:`app.storage.achw.loader`) reads with plain ``sqlite3`` so
  that opening a file needs no SQLAlchemy; a test checks that it reads
  exactly the columns defined here: every column of every table but
  ``saved_by``, which is no part of the worksheet (only validation reads
  it, to name the program that wrote a file of a newer format);
* the types compile on SQLite and on PostgreSQL (the team server will use
  the same tables there; a test compiles them), and SQLite-only storage
  choices are dialect options (``sqlite_with_rowid``), which other
  dialects ignore.

Choices worth knowing:

* Ids are the domain's stable string ids (UUIDs for items made in the
  program), so copies of one worksheet can be compared item by item.
* Display order is an integer ``position``; loading sorts by it.
* ``cells`` has no row for a blank cell; it is a ``WITHOUT ROWID`` table
  keyed by (evidence, hypothesis), which keeps a 150,000-cell worksheet
  small.  Deleting an evidence item or a hypothesis deletes its cells
  (``ON DELETE CASCADE``).
* A milestone that belongs to a hypothesis is deleted with it
  (``ON DELETE CASCADE``, like the cells): a milestone is "what we would
  see if this hypothesis were true", and means nothing once the hypothesis
  is gone.  Undo in the window puts it back together with the hypothesis.
* There are no CHECK constraints.  The closed vocabularies (ratings,
  levels, statuses, flags, dates) are checked in Python by the writer and,
  distrusting the file, by the loader, which names the exact item at
  fault.  ``PRAGMA quick_check`` evaluates every CHECK on every row: on a
  150,000-cell worksheet that made validation ten times slower, and its
  message ("CHECK constraint failed in evidence") names no item.
* Schema 2 adds the sources: ``sources`` (a document's text, compressed, and
  what is known of it) and ``citations`` (the passages an item cites, in order;
  deleted with their item or their source), and the evidence's reported date
  and information credibility.
* ``flags`` is a sorted comma-separated list of keys of
  :data:`app.domain.model.FLAGS`; ``date`` is ISO 8601 ``YYYY-MM-DD`` or
  empty; ``excluded`` is 0 or 1.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

metadata = MetaData()


def _text(name: str) -> Column[str]:
    return Column(name, Text, nullable=False)


def _position() -> Column[int]:
    return Column("position", Integer, nullable=False)


def _item_id() -> Column[str]:
    return Column("id", Text, primary_key=True)


worksheet_table = Table(
    "worksheet",
    metadata,
    # Exactly one row, id 1 (the loader insists); never a generated key.
    Column("id", Integer, primary_key=True, autoincrement=False),
    _text("title"),
    _text("question"),
    _text("analyst"),
    _text("classification"),
    _text("conclusions"),
    _text("saved_by"),  # name and version of the program that last wrote the file
)

hypotheses_table = Table(
    "hypotheses",
    metadata,
    _item_id(),
    _position(),
    _text("title"),
    _text("description"),
)

evidence_table = Table(
    "evidence",
    metadata,
    _item_id(),
    _position(),
    _text("title"),
    _text("description"),
    _text("source"),
    _text("link"),
    _text("date"),
    _text("type"),
    _text("credibility"),
    _text("relevance"),
    # No CHECK constraint (see above): SQLAlchemy adds none unless asked to.
    Column("excluded", Boolean(create_constraint=False), nullable=False),
    _text("flags"),
    _text("reported_date"),  # schema 2: when the event was reported ("date" is when it happened)
    _text("info_credibility"),  # schema 2: Admiralty "1".."6", or "" (not graded)
)

cells_table = Table(
    "cells",
    metadata,
    Column("evidence_id", Text, ForeignKey("evidence.id", ondelete="CASCADE"), nullable=False),
    Column("hypothesis_id", Text, ForeignKey("hypotheses.id", ondelete="CASCADE"), nullable=False),
    Column("rating", Text, nullable=True),
    _text("note"),
    PrimaryKeyConstraint("evidence_id", "hypothesis_id"),
    sqlite_with_rowid=False,  # SQLite only (see above); other dialects ignore it
)

milestones_table = Table(
    "milestones",
    metadata,
    _item_id(),
    _position(),
    Column("hypothesis_id", Text, ForeignKey("hypotheses.id", ondelete="CASCADE"), nullable=True),
    _text("text"),
    _text("status"),
)

sources_table = Table(
    "sources",
    metadata,
    _item_id(),
    _position(),
    _text("title"),
    _text("author"),
    _text("published"),
    _text("link"),
    _text("reliability"),
    _text("notes"),
    _text("kind"),
    # The document's text, UTF-8 compressed with zlib: a source is the one part of a
    # worksheet that can be megabytes, and text compresses to a third or less.
    Column("text", LargeBinary, nullable=False),
)

citations_table = Table(
    "citations",
    metadata,
    Column("evidence_id", Text, ForeignKey("evidence.id", ondelete="CASCADE"), nullable=False),
    _position(),
    Column("source_id", Text, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    # The passage: characters start_at to end_at (code points) of the source's text.
    Column("start_at", Integer, nullable=False),
    Column("end_at", Integer, nullable=False),
    _text("quote"),
    PrimaryKeyConstraint("evidence_id", "position"),
    sqlite_with_rowid=False,
)
