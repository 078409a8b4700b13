"""The tables of a worksheet file, as typed SQLAlchemy models.

These models describe the *current* schema version.  The exact SQL every
released version creates is frozen in :mod:`app.storage.migrations`; a test
checks that these models create exactly that SQL, so a new SQLAlchemy
release can never silently change what a worksheet file looks like.

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
* ``flags`` is a sorted comma-separated list of keys of
  :data:`app.domain.model.FLAGS`; ``date`` is ISO 8601 ``YYYY-MM-DD`` or
  empty; ``excluded`` is 0 or 1.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    metadata = MetaData()
    type_annotation_map: ClassVar[dict[Any, Any]] = {str: Text, int: Integer, bool: Boolean}


class MetaRow(Base):
    """The worksheet's own fields: exactly one row, id 1 (the loader insists)."""

    __tablename__ = "worksheet"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str]
    question: Mapped[str]
    analyst: Mapped[str]
    classification: Mapped[str]
    conclusions: Mapped[str]
    saved_by: Mapped[str]
    """Name and version of the program that last wrote the file."""


class HypothesisRow(Base):
    __tablename__ = "hypotheses"

    id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int]
    title: Mapped[str]
    description: Mapped[str]


class EvidenceRow(Base):
    __tablename__ = "evidence"
    id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int]
    title: Mapped[str]
    description: Mapped[str]
    source: Mapped[str]
    link: Mapped[str]
    date: Mapped[str]
    type: Mapped[str]
    credibility: Mapped[str]
    relevance: Mapped[str]
    excluded: Mapped[bool]
    flags: Mapped[str]


class CellRow(Base):
    __tablename__ = "cells"
    __table_args__ = (
        PrimaryKeyConstraint("evidence_id", "hypothesis_id"),
        {"sqlite_with_rowid": False},
    )

    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    hypothesis_id: Mapped[str] = mapped_column(ForeignKey("hypotheses.id", ondelete="CASCADE"))
    rating: Mapped[str | None]
    note: Mapped[str]


class MilestoneRow(Base):
    __tablename__ = "milestones"
    id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int]
    hypothesis_id: Mapped[str | None] = mapped_column(
        ForeignKey("hypotheses.id", ondelete="CASCADE")
    )
    text: Mapped[str]
    status: Mapped[str]


metadata = Base.metadata
worksheet_table: Table = MetaRow.__table__  # type: ignore[assignment]
hypotheses_table: Table = HypothesisRow.__table__  # type: ignore[assignment]
evidence_table: Table = EvidenceRow.__table__  # type: ignore[assignment]
cells_table: Table = CellRow.__table__  # type: ignore[assignment]
milestones_table: Table = MilestoneRow.__table__  # type: ignore[assignment]
