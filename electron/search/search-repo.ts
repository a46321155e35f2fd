import type { Requirement } from '../../shared/domain/catalogue/schema';
import type { Db } from '../store/database';

// Global search's read model: read-only queries across clients, assessments and evidence, whose tables the
// other repos own. `pattern` is a LIKE pattern escaped with '\'; each list stops at `limit` rows.

type ClientHit = { id: string; legal_name: string; ods_code: string; archived: number; domains: string | null };
type CurrentAssessment = {
  id: string;
  client_id: string;
  cycle: number;
  catalogue_version: string;
  route: Requirement['routes'][number];
  legal_name: string;
};
type EvidenceHit = { id: string; client_id: string; title: string; original_name: string | null; legal_name: string };

export class SearchRepo {
  constructor(private readonly db: Db) {}

  // Clients whose legal or trading name, ODS code or one of whose domains matches; archived ones last.
  clients(pattern: string, limit: number): ClientHit[] {
    return this.db
      .prepare(
        `SELECT c.id, c.legal_name, c.ods_code, c.archived,
              (SELECT group_concat(d.domain, ', ') FROM client_domains d WHERE d.client_id = c.id) AS domains
       FROM clients c
       WHERE c.legal_name LIKE @p ESCAPE '\\' OR coalesce(c.trading_name, '') LIKE @p ESCAPE '\\' OR c.ods_code LIKE @p ESCAPE '\\'
          OR EXISTS (SELECT 1 FROM client_domains d WHERE d.client_id = c.id AND d.domain LIKE @p ESCAPE '\\')
       ORDER BY c.archived, c.legal_name COLLATE NOCASE LIMIT @n`,
      )
      .all({ p: pattern, n: limit }) as ClientHit[];
  }

  // Each active client's current assessment (its latest cycle), by client name.
  currentAssessments(): CurrentAssessment[] {
    return this.db
      .prepare(
        `SELECT a.id, a.client_id, a.cycle, a.catalogue_version, a.route, c.legal_name FROM assessments a
       JOIN clients c ON c.id = a.client_id AND c.archived = 0
       WHERE a.cycle = (SELECT MAX(x.cycle) FROM assessments x WHERE x.client_id = a.client_id)
       ORDER BY c.legal_name COLLATE NOCASE`,
      )
      .all() as CurrentAssessment[];
  }

  // Evidence items whose title or current file name matches; archived clients' items last.
  evidence(pattern: string, limit: number): EvidenceHit[] {
    return this.db
      .prepare(
        `SELECT i.id, i.client_id, i.title, v.original_name, c.legal_name FROM evidence_items i
       JOIN clients c ON c.id = i.client_id
       LEFT JOIN evidence_versions v ON v.evidence_id = i.id AND v.superseded_at IS NULL
       WHERE i.title LIKE @p ESCAPE '\\' OR coalesce(v.original_name, '') LIKE @p ESCAPE '\\'
       ORDER BY c.archived, i.title COLLATE NOCASE LIMIT @n`,
      )
      .all({ p: pattern, n: limit }) as EvidenceHit[];
  }
}
