import { SEARCH_LIMIT_PER_KIND, type SearchHit } from '../../shared/contract/search';
import { applicableRequirements, type Requirement } from '../../shared/domain/catalogue/schema';
import { displayDomain } from '../../shared/domain/email-domain';
import type { CatalogueService } from '../catalogue/catalogue-service';
import type { Db } from '../store/database';
import { SearchRepo } from './search-repo';

// Global search: what a consultant types to jump somewhere (a name, an ODS code, a domain, a requirement ID
// or title, an evidence title or file name). Case-insensitive substring match, bounded per kind, so a
// one-letter query over hundreds of clients stays a short list.

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const LIMIT = SEARCH_LIMIT_PER_KIND;

export function searchAll(s: { readonly db: Db; readonly catalogue: Pick<CatalogueService, 'get'> }, raw: string): SearchHit[] {
  const q = raw.trim().toLowerCase();
  const pat = like(q);
  const repo = new SearchRepo(s.db);
  const clients = repo.clients(pat, LIMIT);
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
  const current = repo.currentAssessments();
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

  const evidence = repo.evidence(pat, LIMIT);
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
