import type { DomainFinding } from '../../../../shared/contract/domain-checks';
import type { DmarcFacts } from '../../dns/dmarc';
import { dmarcReportAddress, txtInstruction, type GradeContext } from './context';
import { dnsIndeterminate, statusOf, toFinding, type Reason, type Severity } from './verdict';

// B6–B8 and the NHS position (a ministerial answer, May 2020): non-NHSmail organisations need DMARC
// p=quarantine with an agreed timeline to p=reject. RFC 9989: t=y lowers the policy one step; pct is
// gone but older receivers still apply it, so pct<100 warns and is never required.

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export const DMARC_POLICY_RULES: Record<DmarcPolicy | 'no-processing', { severity: Severity; text: string }> = {
  reject: { severity: 'pass', text: 'The policy is reject: receivers refuse mail that fails DMARC' },
  quarantine: {
    severity: 'pass',
    text: 'The policy is quarantine, the NHS minimum. NHS England expects a timeline to p=reject: record the date you plan to move in the accreditation evidence',
  },
  none: { severity: 'fail', text: 'The policy is none: DMARC only monitors, so mail forged as this domain is still delivered' },
  'no-processing': { severity: 'fail', text: 'The record has no valid p= tag and no reporting address, so receivers ignore it' },
};

const LOWER: Record<DmarcPolicy, DmarcPolicy> = { reject: 'quarantine', quarantine: 'none', none: 'none' };
const POLICIES = new Set(['none', 'quarantine', 'reject']);

export function effectivePolicy(f: Pick<DmarcFacts, 'tags' | 'inherited' | 'rua'>): {
  policy: DmarcPolicy | 'no-processing';
  testMode: boolean;
  from: 'p' | 'sp';
} {
  const t = f.tags ?? {};
  const p = typeof t.p === 'string' && POLICIES.has(t.p) ? (t.p as DmarcPolicy) : undefined;
  const sp = typeof t.sp === 'string' && POLICIES.has(t.sp) ? (t.sp as DmarcPolicy) : undefined;
  const invalidSp = t.sp !== undefined && !sp;
  const testMode = t.t === 'y';
  if (!p || invalidSp) return { policy: f.rua.some((r) => r.valid) ? 'none' : 'no-processing', testMode, from: 'p' };
  const base = f.inherited && sp ? sp : p;
  return { policy: testMode ? LOWER[base] : base, testMode, from: f.inherited && sp ? 'sp' : 'p' };
}

export function withPolicy(record: string, policy: DmarcPolicy, addRua?: string): string {
  const parts = record
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .filter((p) => !/^t\s*=/i.test(p));
  const i = parts.findIndex((p) => /^p\s*=/i.test(p));
  if (i >= 0) parts[i] = `p=${policy}`;
  else parts.splice(1, 0, `p=${policy}`);
  if (addRua && !parts.some((p) => /^rua\s*=/i.test(p))) parts.push(`rua=${addRua}`);
  return parts.join('; ');
}

export function gradeDmarc(f: DmarcFacts, ctx: GradeContext): DomainFinding {
  const ownName = `_dmarc.${f.domain}`;
  if (f.error && !f.record) return dnsIndeterminate('dns.dmarc', f.error.name, f.error.outcome, ctx.dnsServers);
  const found = f.lookups.filter((l) => l.dmarcRecords.length).flatMap((l) => l.dmarcRecords.map((r) => `${l.name} TXT "${r}"`));
  if (!found.length)
    found.push(`${ownName}: no DMARC record${f.pslOrgDomain && f.pslOrgDomain !== f.domain ? ` (nor at _dmarc.${f.pslOrgDomain})` : ''}`);
  const reasons: Reason[] = [];
  const suggested = `v=DMARC1; p=quarantine; rua=${dmarcReportAddress(f.domain)}`;

  if (f.apexRecord)
    reasons.push({
      severity: 'note',
      text: `A "v=DMARC1" record is published at ${f.domain} itself, where it has no effect; only ${ownName} counts`,
    });
  if (f.spfAtDmarc)
    reasons.push({ severity: 'note', text: `${ownName} holds an SPF record ("${f.spfAtDmarc.slice(0, 80)}"), which does nothing there` });
  if (f.multipleAt) {
    reasons.push({
      severity: 'fail',
      text: `${f.multipleAt} has more than one DMARC record, so receivers ignore them all`,
      fix: `Keep exactly one TXT record at ${f.multipleAt}, for example:\n  ${suggested}`,
    });
  }
  if (!f.record) {
    if (!f.multipleAt) {
      reasons.push({
        severity: 'fail',
        text: `No DMARC record applies to ${f.domain}, so receivers have no instruction for mail forged as it`,
        fix: `${txtInstruction(ownName, suggested)}\n(dmarc-reports@ must be a mailbox you read, or your DMARC reporting service's address.)`,
      });
    }
    return toFinding({
      check: 'dns.dmarc',
      target: ownName,
      passSummary: '',
      found,
      reasons,
      data: { policy: null, pslOrgDomain: f.pslOrgDomain },
    });
  }

  const policyName = `_dmarc.${f.policyDomain}`;
  if (f.inherited) {
    reasons.push({
      severity: 'note',
      text: `There is no record at ${ownName}; the organisational domain's record at ${policyName} applies${f.tags?.sp ? ` with its subdomain policy sp=${f.tags.sp}` : ''}`,
    });
  }
  if (f.pslOrgDomain && f.treeWalkOrgDomain && f.pslOrgDomain !== f.treeWalkOrgDomain) {
    reasons.push({
      severity: 'note',
      text: `The Public Suffix List gives ${f.pslOrgDomain} as the organisational domain, the RFC 9989 DNS tree walk ${f.treeWalkOrgDomain}; receivers may differ`,
    });
  }

  const eff = effectivePolicy(f);
  const rule = DMARC_POLICY_RULES[eff.policy];
  const hasRua = f.rua.some((r) => r.valid);
  const fixRecord = f.inherited ? suggested : withPolicy(f.record, 'quarantine', hasRua ? undefined : dmarcReportAddress(f.domain));
  const target = f.inherited ? ownName : policyName;
  if (eff.testMode && eff.policy === 'none' && f.tags?.p === 'quarantine') {
    reasons.push({
      severity: 'fail',
      text: 'p=quarantine with t=y (test mode): receivers apply one step less, i.e. none',
      fix: `Remove t=y:\n  ${txtInstruction(target, withPolicy(f.record, 'quarantine'))}`,
    });
  } else {
    reasons.push({
      severity: rule.severity,
      text: eff.from === 'sp' ? `${rule.text} (sp=${f.tags?.sp} for subdomains)` : rule.text,
      fix: rule.severity === 'fail' ? txtInstruction(target, fixRecord) : undefined,
    });
    if (eff.testMode)
      reasons.push({
        severity: 'warn',
        text: 't=y (test mode) is set: receivers apply one step less than the stated policy',
        fix: `Remove t=y:\n  ${withPolicy(f.record, (f.tags?.p as 'reject') ?? 'quarantine')}`,
      });
  }
  if (!f.inherited && f.tags?.sp === 'none' && eff.policy !== 'none') {
    reasons.push({
      severity: 'warn',
      text: 'sp=none: subdomains of this domain (which anyone can make up) have no DMARC protection',
      fix: `Remove sp=none (subdomains then follow p), or set sp=quarantine:\n  ${f.record.replace(/sp\s*=\s*none/i, 'sp=quarantine')}`,
    });
  }
  const pct = typeof f.tags?.pct === 'number' ? f.tags.pct : undefined;
  if (pct !== undefined && pct < 100) {
    reasons.push({
      severity: 'warn',
      text: `pct=${pct}: older receivers apply the policy to only ${pct}% of failing mail`,
      fix: `Remove the pct tag (or set pct=100).`,
    });
  }
  if (f.unknownTags.length) {
    reasons.push({
      severity: 'warn',
      text: `Unknown tag${f.unknownTags.length > 1 ? 's' : ''} ${f.unknownTags.join(', ')}: receivers ignore ${f.unknownTags.length > 1 ? 'them' : 'it'} — a typo?`,
      fix: `Remove or correct ${f.unknownTags.join(', ')} in ${policyName}.`,
    });
  }

  // B8: aggregate reports.
  if (!hasRua) {
    reasons.push({
      severity: 'warn',
      text: 'No rua= reporting address: nobody receives the reports that show who sends as this domain',
      fix: `Add a reporting address:\n  ${txtInstruction(target, withPolicy(f.record, eff.policy === 'reject' ? 'reject' : 'quarantine', dmarcReportAddress(f.domain)))}`,
    });
  }
  for (const r of f.rua) {
    if (!r.valid)
      reasons.push({
        severity: 'warn',
        text: `rua entry "${r.uri}" is not a valid mailto: or https: address`,
        fix: `Use rua=mailto:someone@${f.domain}`,
      });
    else if (r.external && r.authorisation === 'missing') {
      reasons.push({
        severity: 'warn',
        text: `Reports go to ${r.address}, outside this domain, but ${r.domain} has not authorised them (no "v=DMARC1" at ${r.authorisationName}), so receivers will not send them`,
        fix: `Ask the owner of ${r.domain} (your reporting service) to publish:\n  ${r.authorisationName}  TXT  "v=DMARC1"`,
      });
    } else if (r.external && r.authorisation === 'authorised') {
      reasons.push({ severity: 'pass', text: `${r.domain} authorises reports for this domain (${r.authorisationName})` });
    } else if (r.external && r.authorisation === 'indeterminate') {
      reasons.push({
        severity: 'note',
        text: `Could not look up ${r.authorisationName} (DNS error), so the report authorisation is unknown`,
      });
    }
    if (r.valid && r.domain && r.mxOutcome && (r.mxOutcome === 'nxdomain' || r.mxOutcome === 'nodata')) {
      reasons.push({
        severity: 'warn',
        text: `The reporting domain ${r.domain} has no MX record, so reports to ${r.address} cannot be delivered`,
        fix: `Use a reporting address whose domain receives mail.`,
      });
    }
  }
  if (f.rua.length > 2)
    reasons.push({ severity: 'note', text: `${f.rua.length} reporting addresses: receivers may only send to the first two` });
  if (hasRua && !reasons.some((r) => r.text.startsWith('Reports go to')))
    reasons.push({
      severity: 'pass',
      text: `Aggregate reports go to ${f.rua
        .filter((r) => r.valid)
        .map((r) => r.address ?? r.uri)
        .join(', ')}`,
    });

  const status = statusOf(reasons);
  const policy = eff.policy === 'no-processing' ? null : eff.policy;
  return toFinding({
    check: 'dns.dmarc',
    target,
    passSummary: status === 'pass' ? `DMARC policy is ${policy}${policy === 'quarantine' ? ' (record the timeline to reject)' : ''}` : '',
    found,
    reasons,
    data: {
      policy,
      subdomainPolicy: f.tags?.sp ?? null,
      testMode: eff.testMode,
      pct: pct ?? null,
      rua: f.rua.map((r) => r.uri),
      inherited: f.inherited,
      policyDomain: f.policyDomain,
      pslOrgDomain: f.pslOrgDomain,
      treeWalkOrgDomain: f.treeWalkOrgDomain,
    },
  });
}
