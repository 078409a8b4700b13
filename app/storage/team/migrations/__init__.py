"""Alembic's revisions of the team server's schema (run by ``team init``)."""
