"""Schema versions of the worksheet file, and the steps between them.

``PRAGMA user_version`` holds the schema version.  For every released
version the exact SQL it creates is frozen here (:data:`SCHEMA_V1`, ...), so
validation can compare a file's ``sqlite_master`` with what that version
made, and a migrated file with a freshly created one.

Upgrading is a chain of steps, each from version ``v`` to ``v + 1``, each
run in one transaction together with its ``user_version`` bump.  Steps are
only ever applied to the private working copy; the analyst's file is
untouched until they save.

To release schema version 2:

1. change :mod:`app.storage.achw.schema` (the tables), and the loader's queries if
   a column changed (``test_loader_reads_exactly_the_columns_of_the_metadata``);
2. add ``SCHEMA_V2`` here (what the metadata now creates; the test
   ``test_models_create_current_schema`` shows the difference) and a step
   ``_v1_to_v2``; register both in :data:`REGISTRY`;
3. run ``tests/fixtures/make_fixtures.py`` to add ``worksheet-v2.achw`` and keep
   ``worksheet-v1.achw`` as it is.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from app.storage.stored import APPLICATION_ID

if TYPE_CHECKING:  # SQLAlchemy loads when a file is written or upgraded, not to read one
    from sqlalchemy import Connection

    from app.storage.achw.connection import Database

Step = Callable[["Connection"], None]
"""One upgrade step: runs its SQL on the connection, inside the runner's transaction."""

SCHEMA_V1: tuple[str, ...] = (
    """CREATE TABLE worksheet (
        id INTEGER NOT NULL,
        title TEXT NOT NULL,
        question TEXT NOT NULL,
        analyst TEXT NOT NULL,
        classification TEXT NOT NULL,
        conclusions TEXT NOT NULL,
        saved_by TEXT NOT NULL,
        PRIMARY KEY (id)
    )""",
    """CREATE TABLE hypotheses (
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        PRIMARY KEY (id)
    )""",
    """CREATE TABLE evidence (
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        source TEXT NOT NULL,
        link TEXT NOT NULL,
        date TEXT NOT NULL,
        type TEXT NOT NULL,
        credibility TEXT NOT NULL,
        relevance TEXT NOT NULL,
        excluded BOOLEAN NOT NULL,
        flags TEXT NOT NULL,
        PRIMARY KEY (id)
    )""",
    """CREATE TABLE cells (
        evidence_id TEXT NOT NULL,
        hypothesis_id TEXT NOT NULL,
        rating TEXT,
        note TEXT NOT NULL,
        PRIMARY KEY (evidence_id, hypothesis_id),
        FOREIGN KEY(evidence_id) REFERENCES evidence (id) ON DELETE CASCADE,
        FOREIGN KEY(hypothesis_id) REFERENCES hypotheses (id) ON DELETE CASCADE
    ) WITHOUT ROWID""",
    """CREATE TABLE milestones (
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        hypothesis_id TEXT,
        text TEXT NOT NULL,
        status TEXT NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(hypothesis_id) REFERENCES hypotheses (id) ON DELETE CASCADE
    )""",
)


_EVIDENCE_V2 = """CREATE TABLE evidence (
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        source TEXT NOT NULL,
        link TEXT NOT NULL,
        date TEXT NOT NULL,
        type TEXT NOT NULL,
        credibility TEXT NOT NULL,
        relevance TEXT NOT NULL,
        excluded BOOLEAN NOT NULL,
        flags TEXT NOT NULL,
        reported_date TEXT NOT NULL,
        info_credibility TEXT NOT NULL,
        PRIMARY KEY (id)
    )"""

SCHEMA_V2: tuple[str, ...] = (
    *(_EVIDENCE_V2 if sql.startswith("CREATE TABLE evidence ") else sql for sql in SCHEMA_V1),
    """CREATE TABLE sources (
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        author TEXT NOT NULL,
        published TEXT NOT NULL,
        link TEXT NOT NULL,
        reliability TEXT NOT NULL,
        notes TEXT NOT NULL,
        kind TEXT NOT NULL,
        text BLOB NOT NULL,
        PRIMARY KEY (id)
    )""",
    """CREATE TABLE citations (
        evidence_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL,
        quote TEXT NOT NULL,
        PRIMARY KEY (evidence_id, position),
        FOREIGN KEY(evidence_id) REFERENCES evidence (id) ON DELETE CASCADE,
        FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE CASCADE
    ) WITHOUT ROWID""",
)
"""Schema 2: sources and citations, and the evidence's reported date and information
credibility."""


def _v1_to_v2(conn: Connection) -> None:
    """Sources and citations are new tables; the evidence table is rebuilt with its two
    new columns (blank), the way SQLite's documentation describes, so that its SQL is
    what schema 2 creates (ADD COLUMN would put them after the primary key)."""
    rebuilt = _EVIDENCE_V2.replace("CREATE TABLE evidence ", "CREATE TABLE evidence_v2 ")
    conn.exec_driver_sql(rebuilt)
    conn.exec_driver_sql(
        "INSERT INTO evidence_v2 SELECT id, position, title, description, source, link, date,"
        " type, credibility, relevance, excluded, flags, '', '' FROM evidence"
    )
    conn.exec_driver_sql("DROP TABLE evidence")
    conn.exec_driver_sql("ALTER TABLE evidence_v2 RENAME TO evidence")
    for sql in SCHEMA_V2[len(SCHEMA_V1) :]:
        conn.exec_driver_sql(sql)


@dataclass(frozen=True)
class Registry:
    """The released schema versions and the steps between them."""

    schemas: Mapping[int, tuple[str, ...]]
    steps: Mapping[int, Step] = field(default_factory=dict)
    """``steps[v]`` upgrades a file from version ``v`` to ``v + 1``."""

    @property
    def current(self) -> int:
        return max(self.schemas)

    @property
    def oldest(self) -> int:
        return min(self.schemas)

    def knows(self, version: int) -> bool:
        return version in self.schemas

    def expected_master(self, version: int) -> frozenset[tuple[str, str, str, str | None]]:
        """What ``sqlite_master`` of a valid file of ``version`` holds (SQL normalised)."""
        return _master_of(self.schemas[version])


REGISTRY = Registry(schemas={1: SCHEMA_V1, 2: SCHEMA_V2}, steps={1: _v1_to_v2})
CURRENT_VERSION = REGISTRY.current


class MigrationError(Exception):
    """A step left the file inconsistent (a bug in the step, never the analyst's doing)."""


def normalize_sql(sql: str | None) -> str | None:
    """Whitespace-insensitive form of a CREATE statement, for comparison."""
    if sql is None:
        return None
    text = re.sub(r"\s+", " ", sql).strip()
    # A table SQLite renamed (a migration's rebuilt table) has its new name quoted.
    text = re.sub(r'^CREATE TABLE "(\w+)"', r"CREATE TABLE \1", text)
    return re.sub(r" ?([(),]) ?", r"\1", text)


def read_master(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return [(t, n, tb, normalize_sql(s)) for t, n, tb, s in rows]


@lru_cache(maxsize=16)
def _master_of(statements: tuple[str, ...]) -> frozenset[tuple[str, str, str, str | None]]:
    conn = sqlite3.connect(":memory:")
    try:
        for statement in statements:
            conn.execute(statement)
        return frozenset(read_master(conn))
    finally:
        conn.close()


def create_schema(conn: Connection, registry: Registry = REGISTRY) -> None:
    """Create the current schema in an empty database, in the caller's transaction."""
    for statement in registry.schemas[registry.current]:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID:d}")
    conn.exec_driver_sql(f"PRAGMA user_version = {registry.current:d}")


def upgrade(db: Database, version: int, registry: Registry = REGISTRY) -> int:
    """Run the steps from ``version`` to the current one; returns the version reached.

    Each step runs in its own transaction with its version bump, with
    foreign-key enforcement off (so a step may rebuild a table the way
    SQLite's documentation describes) and ``PRAGMA foreign_key_check``
    before it commits.  ``db`` must not be in a transaction.
    """
    conn, raw = db.conn, db.raw
    while version < registry.current:
        step = registry.steps.get(version)
        if step is None:
            raise MigrationError(f"no step from schema version {version} to {version + 1}")
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                step(conn)
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationError(f"step {version} to {version + 1} broke references")
                conn.exec_driver_sql(f"PRAGMA user_version = {version + 1:d}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
        version += 1
    return version
