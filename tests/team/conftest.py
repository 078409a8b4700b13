"""Fixtures of the team server's tests: a real PostgreSQL cluster, a database each test."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
import pytest
from psycopg import sql

from app.storage.team.admin import add_member, init_schema
from tests.team.server import Cluster, start, stop

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def cluster():
    running = start()
    yield running
    stop(running)


@dataclass
class Team:
    """One database with the team workspace, and a lead, two analysts and a reader."""

    cluster: Cluster
    database: str
    names: dict[str, str]

    @property
    def admin(self) -> str:
        return self.cluster.uri(database=self.database)

    def uri(self, who: str) -> str:
        """The address of ``who`` ("lead", "alice", "bob", "reader"), password in it."""
        return self.cluster.uri(self.names[who], self.database, PASSWORD)

    def sql(self, who: str) -> psycopg.Connection:
        """A raw connection as ``who``, autocommit: what psql would do."""
        return psycopg.connect(self.uri(who), autocommit=True)


@pytest.fixture
def empty_database(cluster):
    name = cluster.fresh_name("team")
    with psycopg.connect(cluster.uri(), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(cluster.uri(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def team(cluster, empty_database):
    t = Team(cluster, empty_database, {})
    init_schema(t.admin)
    for who, role in (
        ("lead", "lead"),
        ("alice", "analyst"),
        ("bob", "analyst"),
        ("reader", "reader"),
    ):
        t.names[who] = cluster.fresh_name(who)
        add_member(t.admin, t.names[who], role, PASSWORD)
    return t
