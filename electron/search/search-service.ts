import { SEARCH_LIMIT_PER_KIND, type SearchHit } from '../../shared/contract/search';
import { applicableRequirements, type Requirement } from '../../shared/domain/catalogue/schema';
import { displayDomain } from '../../shared/domain/email-domain';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { Db } from '../store/database';

// Global search: what a consultant types to jump somewhere (a name, an ODS code, a domain, a requirement ID
// or title, an evidence title or file name). Case-insensitive substring match, bounded per kind, so a
// one-letter query over hundreds of clients stays a short list.

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const LIMIT = SEARCH_LIMIT_PER_KIND;

export function searchAll(s: { readonly db: Db; readonly catalogue: Pick<CatalogueService, 'get'> }, raw: string): SearchHit[] {
  const q = raw.trim().toLowerCase();
  const pat = like(q);
  const clients = s.db
    .prepare(
      `SELECT c.id, c.legal_name, c.ods_code, c.archived,
              (SELECT group_concat(d.domain, ', ') FROM client_domains d WHERE d.client_id = c.id) AS domains
       FROM clients c
       WHERE c.legal_name LIKE @p ESCAPE '\\' OR coalesce(c.trading_name, '') LIKE @p ESCAPE '\\' OR c.ods_code LIKE @p ESCAPE '\\'
          OR EXISTS (SELECT 1 FROM client_domains d WHERE d.client_id = c.id AND d.domain LIKE @p ESCAPE '\\')
       ORDER BY c.archived, c.legal_name COLLATE NOCASE LIMIT @n`,
    )
    .all({ p: pat, n: LIMIT }) as { id: string; legal_name: string; ods_code: string; archived: number; domains: string | null }[];
  const hits: SearchHit[] = clients.map((c) => ({
    kind: 'client',
    id: c.id,
    clientId: c.id,
    title: c.legal_name,
    detail: [c.ods_code, ...(c.domains ?? '').split(', ').filter(Boolean).map(displayDomain), c.archived ? 'archived' : '']
      .filter(Boolean)
      .join(' · '),
    href: `/clients/${c.id}`,
  }));

  // Requirements: in each active client's current assessment, so Enter opens that checklist at it.
  const current = s.db
    .prepare(
      `SELECT a.id, a.client_id, a.cycle, a.catalogue_version, a.route, c.legal_name FROM assessments a
       JOIN clients c ON c.id = a.client_id AND c.archived = 0
       WHERE a.cycle = (SELECT MAX(x.cycle) FROM assessments x WHERE x.client_id = a.client_id)
       ORDER BY c.legal_name COLLATE NOCASE`,
    )
    .all() as {
    id: string;
    client_id: string;
    cycle: number;
    catalogue_version: string;
    route: Requirement['routes'][number];
    legal_name: string;
  }[];
  const cache = new Map<string, Requirement[]>();
  const requirementHits: SearchHit[] = [];
  for (const a of current) {
    const key = `${a.catalogue_version}|${a.route}`;
    if (!cache.has(key)) {
      const reqs = applicableRequirements(s.catalogue.get(a.catalogue_version), a.route);
      cache.set(
        key,
        reqs.filter((r) => r.id.toLowerCase().includes(q) || r.title.toLowerCase().includes(q)),
      );
    }
    for (const r of cache.get(key)!) {
      if (requirementHits.length >= LIMIT) break;
      requirementHits.push({
        kind: 'requirement',
        id: `${a.id}:${r.id}`,
        clientId: a.client_id,
        title: `${r.id} ${r.title}`,
        detail: `${a.legal_name} · ${a.cycle}`,
        href: `/clients/${a.client_id}/assessments/${a.id}/${r.id}`,
      });
    }
    if (requirementHits.length >= LIMIT) break;
  }

  const evidence = s.db
    .prepare(
      `SELECT i.id, i.client_id, i.title, v.original_name, c.legal_name FROM evidence_items i
       JOIN clients c ON c.id = i.client_id
       LEFT JOIN evidence_versions v ON v.evidence_id = i.id AND v.superseded_at IS NULL
       WHERE i.title LIKE @p ESCAPE '\\' OR coalesce(v.original_name, '') LIKE @p ESCAPE '\\'
       ORDER BY c.archived, i.title COLLATE NOCASE LIMIT @n`,
    )
    .all({ p: pat, n: LIMIT }) as { id: string; client_id: string; title: string; original_name: string | null; legal_name: string }[];
  return [
    ...hits,
    ...requirementHits,
    ...evidence.map((e) => ({
      kind: 'evidence' as const,
      id: e.id,
      clientId: e.client_id,
      title: e.title,
      detail: [e.legal_name, e.original_name].filter(Boolean).join(' · '),
      href: `/clients/${e.client_id}/evidence/${e.id}`,
    })),
  ];
}
