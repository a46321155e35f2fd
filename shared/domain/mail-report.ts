import type { CheckStatus } from '../contract/findings';
import type { FindingCounts } from '../contract/domain-checks';

// Pure helpers for reading a mail-domain report, on either side: counts, the order a reader wants
// (problems first), DNS records apart from each mail server, and which DCB1596 requirement each check
// informs (the catalogue remains the authority for requirement wording).

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

export interface CheckNotice {
  title: string;
  body: string;
  intent: 'success' | 'warning' | 'error';
}

const many = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// What to tell the consultant when a check run ends. Success only when every check was graded and none
// failed: a run in which nothing could be graded is never "No failing checks" with a green tick.
export function checkNotice(results: readonly { counts: FindingCounts; network?: { summary: string } }[]): CheckNotice {
  const failed = results.filter((r) => r.network);
  if (failed.length) {
    const done = results.length - failed.length;
    return {
      title: `Could not check ${many(failed.length, 'domain')}`,
      body: `${failed[0]!.network!.summary}. Nothing was kept as evidence.${done ? ` ${many(done, 'other domain')} checked.` : ''}`,
      intent: 'error',
    };
  }
  const sum = (k: keyof FindingCounts) => results.reduce((n, r) => n + r.counts[k], 0);
  const fail = sum('fail');
  const na = sum('notAssessable');
  const graded = sum('pass') + sum('warn') + fail;
  const title = `Checked ${many(results.length, 'domain')}`;
  if (graded === 0) return { title, body: `None of the ${many(na, 'check')} could be assessed — see why below.`, intent: 'warning' };
  const notAssessed = na ? ` ${many(na, 'check')} could not be assessed.` : '';
  if (fail) return { title, body: `${many(fail, 'check')} failing — see how to fix each below.${notAssessed}`, intent: 'warning' };
  if (na) return { title, body: `No failing checks, but ${many(na, 'check')} could not be assessed — see why below.`, intent: 'warning' };
  return { title, body: 'No failing checks.', intent: 'success' };
}
