"""team init: the schema is created by Alembic, upgraded idempotently, a newer one refused."""

from __future__ import annotations

import psycopg
import pytest

from app.storage.team.admin import init_schema, known_revisions, server_revision
from app.storage.team.connection import TeamServerError
from app.storage.team.schema import metadata


def test_init_creates_the_workspace_and_a_second_init_changes_nothing(cluster, empty_database):
    uri = cluster.uri(database=empty_database)
    assert server_revision(uri) is None
    assert init_schema(uri) == (None, known_revisions()[-1])
    assert init_schema(uri) == (known_revisions()[-1], known_revisions()[-1])


def test_the_migrated_tables_are_the_schema_modules_tables(cluster, empty_database):
    uri = cluster.uri(database=empty_database)
    init_schema(uri)
    with psycopg.connect(uri) as conn:
        rows = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'ach' AND table_name <> 'alembic_version' "
            "ORDER BY table_name, ordinal_position"
        ).fetchall()
    migrated: dict[str, list[str]] = {}
    for table, column in rows:
        migrated.setdefault(table, []).append(column)
    assert migrated == {t.name: [c.name for c in t.columns] for t in metadata.sorted_tables}


def test_a_server_of_a_newer_program_is_refused_naming_its_revision(cluster, empty_database):
    uri = cluster.uri(database=empty_database)
    init_schema(uri)
    with psycopg.connect(uri) as conn:
        conn.execute("UPDATE ach.alembic_version SET version_num = '0099'")
    with pytest.raises(TeamServerError) as caught:
        init_schema(uri)
    assert "“0099”, newer than this program knows" in str(caught.value)
