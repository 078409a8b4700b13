"""The team workspace: worksheets, hypotheses, evidence, each analyst's ratings, history.

Revision ID: 0001
Revises:
Create Date: 2026-12-04

The roles: ``ach_reader`` reads; ``ach_analyst`` also adds and edits
worksheets, hypotheses and evidence, and keeps its own ratings (row-level
security: a rating's ``analyst`` is the role writing it); ``ach_lead`` also
deletes worksheets, hypotheses and evidence.  None may write the history,
which only the owner's trigger appends to, nor truncate anything.  The owner
(who runs this) is never an analyst's role: owners walk past row security.
"""

from __future__ import annotations

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

RATINGS = "'CC', 'C', 'N', 'I', 'II', 'NA'"

SQL = f"""
CREATE SCHEMA IF NOT EXISTS ach;
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ach_reader') THEN
    CREATE ROLE ach_reader NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ach_analyst') THEN
    CREATE ROLE ach_analyst NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ach_lead') THEN
    CREATE ROLE ach_lead NOLOGIN;
  END IF;
END
$$;
REVOKE ALL ON SCHEMA ach FROM PUBLIC;
GRANT USAGE ON SCHEMA ach TO ach_reader, ach_analyst, ach_lead;

CREATE TABLE ach.worksheets (
  id text PRIMARY KEY,
  title text NOT NULL,
  question text NOT NULL,
  analyst text NOT NULL,
  classification text NOT NULL,
  conclusions text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_by text NOT NULL DEFAULT current_user
);
CREATE TABLE ach.hypotheses (
  worksheet_id text NOT NULL REFERENCES ach.worksheets (id) ON DELETE CASCADE,
  id text NOT NULL,
  position integer NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (worksheet_id, id)
);
CREATE TABLE ach.evidence (
  worksheet_id text NOT NULL REFERENCES ach.worksheets (id) ON DELETE CASCADE,
  id text NOT NULL,
  position integer NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  source text NOT NULL,
  link text NOT NULL,
  date text NOT NULL,
  type text NOT NULL,
  credibility text NOT NULL,
  relevance text NOT NULL,
  excluded boolean NOT NULL,
  flags text NOT NULL,
  reported_date text NOT NULL,
  info_credibility text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (worksheet_id, id)
);
CREATE TABLE ach.ratings (
  worksheet_id text NOT NULL,
  evidence_id text NOT NULL,
  hypothesis_id text NOT NULL,
  analyst text NOT NULL DEFAULT current_user,
  rating text CHECK (rating IN ({RATINGS})),
  note text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (worksheet_id, evidence_id, hypothesis_id, analyst),
  FOREIGN KEY (worksheet_id, evidence_id) REFERENCES ach.evidence (worksheet_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (worksheet_id, hypothesis_id) REFERENCES ach.hypotheses (worksheet_id, id)
    ON DELETE CASCADE
);
CREATE TABLE ach.history (
  id bigserial PRIMARY KEY,
  worksheet_id text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  who text NOT NULL,
  what text NOT NULL,
  target text NOT NULL,
  detail jsonb NOT NULL
);
CREATE INDEX history_by_worksheet ON ach.history (worksheet_id, id);

-- The history is written by the owner's function, whoever made the change: the
-- analysts' roles may not insert into it themselves, nor change or remove a line.
CREATE FUNCTION ach.keep_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  r jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
BEGIN
  INSERT INTO ach.history (worksheet_id, who, what, target, detail)
  VALUES (coalesce(r ->> 'worksheet_id', r ->> 'id'), session_user, lower(TG_OP),
          TG_TABLE_NAME, r);
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION ach.keep_history() FROM PUBLIC;
CREATE TRIGGER keep_history AFTER INSERT OR UPDATE OR DELETE ON ach.worksheets
  FOR EACH ROW EXECUTE FUNCTION ach.keep_history();
CREATE TRIGGER keep_history AFTER INSERT OR UPDATE OR DELETE ON ach.hypotheses
  FOR EACH ROW EXECUTE FUNCTION ach.keep_history();
CREATE TRIGGER keep_history AFTER INSERT OR UPDATE OR DELETE ON ach.evidence
  FOR EACH ROW EXECUTE FUNCTION ach.keep_history();
CREATE TRIGGER keep_history AFTER INSERT OR UPDATE OR DELETE ON ach.ratings
  FOR EACH ROW EXECUTE FUNCTION ach.keep_history();

REVOKE ALL ON ALL TABLES IN SCHEMA ach FROM PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA ach TO ach_reader, ach_analyst, ach_lead;
GRANT INSERT, UPDATE ON ach.worksheets, ach.hypotheses, ach.evidence TO ach_analyst, ach_lead;
GRANT INSERT, UPDATE, DELETE ON ach.ratings TO ach_analyst, ach_lead;
GRANT DELETE ON ach.worksheets, ach.hypotheses, ach.evidence TO ach_lead;

-- A rating is its analyst's own: read by all, written only by the role it names.
ALTER TABLE ach.ratings ENABLE ROW LEVEL SECURITY;
ALTER TABLE ach.ratings FORCE ROW LEVEL SECURITY;
CREATE POLICY ratings_read ON ach.ratings FOR SELECT USING (true);
CREATE POLICY ratings_add ON ach.ratings FOR INSERT
  TO ach_analyst, ach_lead WITH CHECK (analyst = current_user);
CREATE POLICY ratings_change ON ach.ratings FOR UPDATE
  TO ach_analyst, ach_lead USING (analyst = current_user) WITH CHECK (analyst = current_user);
CREATE POLICY ratings_remove ON ach.ratings FOR DELETE
  TO ach_analyst, ach_lead USING (analyst = current_user);
-- The history's lines: never changed, never removed (its owner's trigger only adds).
ALTER TABLE ach.history ENABLE ROW LEVEL SECURITY;
CREATE POLICY history_read ON ach.history FOR SELECT USING (true);
"""


def upgrade() -> None:
    op.execute(SQL)


def downgrade() -> None:
    raise NotImplementedError("the team workspace is not taken down by a migration")
