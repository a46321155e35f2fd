import type { Migration } from './types';

// The portfolio's per-assessment figures (readiness percent, blockers, failing checks, expiring evidence),
// kept so the home page does not recompute every client's readiness on each visit. The rows are written
// by electron/portfolio/readiness-summary.ts, the only place that computes them; these triggers delete a
// client's rows in the same transaction as any write to what readiness reads, so a row that exists is
// never stale. A table that starts feeding readiness must add its triggers here (in a new migration).
export const migration0012: Migration = {
  version: 12,
  name: 'portfolio-summary',
  sql: `
CREATE TABLE portfolio_summary (
  assessment_id TEXT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  -- Which readiness model computed the row: rows from another model are recomputed.
  model TEXT NOT NULL,
  -- Fingerprint of the linked evidence files on disk (a deleted or altered file changes readiness).
  files TEXT NOT NULL,
  percent REAL NOT NULL,
  blockers INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  failing_checks INTEGER NOT NULL,
  evidence_expiring INTEGER NOT NULL,
  computed_at TEXT NOT NULL
) STRICT;
CREATE INDEX portfolio_summary_client ON portfolio_summary (client_id);

CREATE TRIGGER ps_clients_u AFTER UPDATE ON clients BEGIN DELETE FROM portfolio_summary WHERE client_id IN (OLD.id, NEW.id); END;
CREATE TRIGGER ps_domains_i AFTER INSERT ON client_domains BEGIN DELETE FROM portfolio_summary WHERE client_id = NEW.client_id; END;
CREATE TRIGGER ps_domains_u AFTER UPDATE ON client_domains BEGIN DELETE FROM portfolio_summary WHERE client_id IN (OLD.client_id, NEW.client_id); END;
CREATE TRIGGER ps_domains_d AFTER DELETE ON client_domains BEGIN DELETE FROM portfolio_summary WHERE client_id = OLD.client_id; END;
CREATE TRIGGER ps_assessments_i AFTER INSERT ON assessments BEGIN DELETE FROM portfolio_summary WHERE client_id = NEW.client_id; END;
CREATE TRIGGER ps_assessments_u AFTER UPDATE ON assessments BEGIN DELETE FROM portfolio_summary WHERE client_id IN (OLD.client_id, NEW.client_id); END;
CREATE TRIGGER ps_responses_i AFTER INSERT ON responses BEGIN DELETE FROM portfolio_summary WHERE assessment_id = NEW.assessment_id; END;
CREATE TRIGGER ps_responses_u AFTER UPDATE ON responses BEGIN DELETE FROM portfolio_summary WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id); END;
CREATE TRIGGER ps_responses_d AFTER DELETE ON responses BEGIN DELETE FROM portfolio_summary WHERE assessment_id = OLD.assessment_id; END;
CREATE TRIGGER ps_signoffs_i AFTER INSERT ON signoffs BEGIN DELETE FROM portfolio_summary WHERE assessment_id = NEW.assessment_id; END;
CREATE TRIGGER ps_signoffs_u AFTER UPDATE ON signoffs BEGIN DELETE FROM portfolio_summary WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id); END;
CREATE TRIGGER ps_signoffs_d AFTER DELETE ON signoffs BEGIN DELETE FROM portfolio_summary WHERE assessment_id = OLD.assessment_id; END;
CREATE TRIGGER ps_links_i AFTER INSERT ON evidence_links BEGIN DELETE FROM portfolio_summary WHERE assessment_id = NEW.assessment_id; END;
CREATE TRIGGER ps_links_u AFTER UPDATE ON evidence_links BEGIN DELETE FROM portfolio_summary WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id); END;
CREATE TRIGGER ps_links_d AFTER DELETE ON evidence_links BEGIN DELETE FROM portfolio_summary WHERE assessment_id = OLD.assessment_id; END;
CREATE TRIGGER ps_items_u AFTER UPDATE ON evidence_items BEGIN DELETE FROM portfolio_summary WHERE client_id IN (OLD.client_id, NEW.client_id); END;
CREATE TRIGGER ps_items_d AFTER DELETE ON evidence_items BEGIN DELETE FROM portfolio_summary WHERE client_id = OLD.client_id; END;
CREATE TRIGGER ps_versions_i AFTER INSERT ON evidence_versions BEGIN
  DELETE FROM portfolio_summary WHERE client_id = (SELECT client_id FROM evidence_items WHERE id = NEW.evidence_id); END;
CREATE TRIGGER ps_versions_u AFTER UPDATE ON evidence_versions BEGIN
  DELETE FROM portfolio_summary WHERE client_id IN (SELECT client_id FROM evidence_items WHERE id IN (OLD.evidence_id, NEW.evidence_id)); END;
CREATE TRIGGER ps_versions_d AFTER DELETE ON evidence_versions BEGIN
  DELETE FROM portfolio_summary WHERE client_id = (SELECT client_id FROM evidence_items WHERE id = OLD.evidence_id); END;
CREATE TRIGGER ps_runs_i AFTER INSERT ON probe_runs BEGIN DELETE FROM portfolio_summary WHERE client_id = NEW.client_id; END;
CREATE TRIGGER ps_runs_u AFTER UPDATE ON probe_runs BEGIN DELETE FROM portfolio_summary WHERE client_id IN (OLD.client_id, NEW.client_id); END;
CREATE TRIGGER ps_runs_d AFTER DELETE ON probe_runs BEGIN DELETE FROM portfolio_summary WHERE client_id = OLD.client_id; END;
CREATE TRIGGER ps_catalogues_u AFTER UPDATE ON catalogues BEGIN DELETE FROM portfolio_summary; END;
CREATE TRIGGER ps_catalogues_d AFTER DELETE ON catalogues BEGIN DELETE FROM portfolio_summary; END;
`,
};
