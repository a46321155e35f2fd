import type { CheckStatus } from '../contract/findings';
import type { FindingCounts } from '../contract/domain-checks';

// Pure helpers for reading a mail-domain report, on either side: counts, the order a reader wants
// (problems first), DNS records apart from each mail server, and which DCB1596 requirement each check
// informs (dcb1596.md §5.3; the catalogue remains the authority for requirement wording).

export const TECH_REQUIREMENT_OF_CHECK: Readonly<Record<string, string>> = {
  'dns.mx': 'ELIG-07',
  'dns.spf': 'TECH-03',
  'dns.dmarc': 'TECH-02',
  'dns.dkim': 'TECH-04',
  'dns.mta-sts': 'TECH-05',
  'dns.tls-rpt': 'TECH-05',
  'smtp.starttls': 'TECH-01',
  'smtp.tls-version': 'TECH-01',
  'smtp.cipher': 'TECH-01',
  'smtp.certificate': 'TECH-01',
};

export function countFindings(findings: readonly { status: CheckStatus }[]): FindingCounts {
  return {
    pass: findings.filter((f) => f.status === 'pass').length,
    warn: findings.filter((f) => f.status === 'warn').length,
    fail: findings.filter((f) => f.status === 'fail').length,
    notAssessable: findings.filter((f) => f.status === 'not-assessable').length,
  };
}

const SEVERITY: Record<CheckStatus, number> = { fail: 0, warn: 1, 'not-assessable': 2, pass: 3 };

export function worstStatus(findings: readonly { status: CheckStatus }[]): CheckStatus | undefined {
  return [...findings].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status])[0]?.status;
}

export interface GroupedFindings<F> {
  records: F[];
  // One group per MX host (or the domain itself when no MX could be tested), in MX order.
  servers: { host: string; findings: F[] }[];
}

export function groupFindings<F extends { check: string; target?: string }>(findings: readonly F[]): GroupedFindings<F> {
  const records = findings.filter((f) => !f.check.startsWith('smtp.'));
  const servers: GroupedFindings<F>['servers'] = [];
  for (const f of findings.filter((x) => x.check.startsWith('smtp.'))) {
    const host = f.target ?? '';
    let group = servers.find((g) => g.host === host);
    if (!group) servers.push((group = { host, findings: [] }));
    group.findings.push(f);
  }
  return { records, servers };
}
