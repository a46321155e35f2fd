import type { DomainFinding } from '../../../shared/contract/domain-checks';
import type { DmarcFacts } from '../../probes/dns/dmarc';
import { dmarcReportAddress, txtInstruction, type GradeContext } from './context';
import { dnsIndeterminate, statusOf, toFinding, type Reason, type Severity } from './verdict';
import { parseDmarcTags, repairDmarc, type DmarcSyntax } from './dmarc-tags';

// The NHS position (a ministerial answer, May 2020: catalogue source S12): non-NHSmail organisations need DMARC
// p=quarantine with an agreed timeline to p=reject. RFC 9989: t=y lowers the policy one step; pct is
// gone but older receivers still apply it, so pct<100 warns and is never required.

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

const DMARC_POLICY_RULES: Record<DmarcPolicy | 'no-processing', { severity: Severity; text: string }> = {
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
  const testMode = t.t === 'y';
  // An invalid sp= is named as such by the grader; the policy then is p's.
  if (!p) return { policy: f.rua.some((r) => r.valid) ? 'none' : 'no-processing', testMode, from: 'p' };
  const base = f.inherited && sp ? sp : p;
  return { policy: testMode ? LOWER[base] : base, testMode, from: f.inherited && sp ? 'sp' : 'p' };
}

export function withPolicy(record: string, policy: DmarcPolicy, addRua?: string): string {
  return repairDmarc(record, { policy, rua: addRua, dropTestMode: true });
}

// The syntax problems of a published record, each named with the rule it breaks, and one fix: the record
// rebuilt by repairDmarc (which keeps only what validates).
function syntaxReasons(s: DmarcSyntax, target: string, fixed: string, hasRua: boolean): Reason[] {
  const fix = txtInstruction(target, fixed);
  const reasons: Reason[] = [];
  for (const d of s.duplicates) {
    const values = s.tags.filter((t) => t.name === d).map((t) => `${d}=${t.value}`);
    reasons.push({
      severity: 'fail',
      text: `The record gives ${d} more than once (${values.join(', ')}); a repeated tag makes the record invalid (RFC 9989 §4.7, tag-list rules of RFC 6376 §3.2), so receivers that follow the standard ignore it and others may take either value`,
      fix,
    });
  }
  for (const i of s.invalid) {
    if (i.name === 'rua' || i.name === 'ruf') continue; // each address is graded on its own below
    const consequence =
      i.name === 'p'
        ? hasRua
          ? 'receivers act as if it were p=none because the record has a valid rua= (RFC 7489 §6.6.3)'
          : 'the record has no valid p= tag and no reporting address, so receivers ignore it (RFC 7489 §6.6.3)'
        : 'receivers that check the syntax (OpenDMARC among them) discard the whole record';
    reasons.push({
      severity: 'fail',
      text: `${i.name}=${i.value || '(empty)'} is not valid: ${i.name} takes ${i.expected} (${i.source}); ${consequence}`,
      fix,
    });
  }
  const ruf = s.invalid.find((i) => i.name === 'ruf');
  if (ruf) reasons.push({ severity: 'warn', text: `ruf=${ruf.value} holds an address that is not a valid mailto: or https: URI`, fix });
  if (s.junk.length)
    reasons.push({
      severity: 'warn',
      text: `Text that is not a tag (no "="): ${s.junk.map((j) => `"${j.slice(0, 40)}"`).join(', ')}`,
      fix,
    });
  return reasons;
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
  const spaced = f.leadingSpace?.[0];
  const spacedText = spaced
    ? `${ownName} TXT "${spaced.slice(0, 120)}" starts with a space, so receivers do not see a DMARC record there (a record must begin exactly with "v=DMARC1", RFC 7489 §6.4)`
    : '';
  const spacedFix = spaced ? txtInstruction(ownName, repairDmarc(spaced.trimStart(), { rua: dmarcReportAddress(f.domain) })) : '';
  if (!f.record) {
    if (spaced && !f.multipleAt)
      reasons.push({ severity: 'fail', text: spacedText, fix: `Publish it without the leading space:\n${spacedFix}` });
    else if (!f.multipleAt) {
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
  if (spaced) reasons.push({ severity: 'warn', text: spacedText, fix: `Publish it without the leading space:\n${spacedFix}` });
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

  const syntax = parseDmarcTags(f.record);
  // Grade the first occurrence of each tag (mailauth keeps the last); a repeated tag is named below.
  const tags: Record<string, string> = Object.fromEntries(
    Object.entries(syntax.first).map(([k, v]) => [k, k === 'rua' || k === 'ruf' ? v : v.toLowerCase()]),
  );
  const eff = effectivePolicy({ ...f, tags });
  const rule = DMARC_POLICY_RULES[eff.policy];
  const hasRua = f.rua.some((r) => r.valid);
  const target = f.inherited ? ownName : policyName;
  const basePolicy: DmarcPolicy = tags.p === 'reject' ? 'reject' : 'quarantine';
  // Every fix below is a whole record built by repairDmarc, so each one validates.
  const fixed = (o: Parameters<typeof repairDmarc>[1] = {}) => repairDmarc(f.record!, o);
  const fixRecord = f.inherited ? suggested : fixed({ policy: 'quarantine', rua: hasRua ? undefined : dmarcReportAddress(f.domain) });
  if (!f.inherited) reasons.push(...syntaxReasons(syntax, target, fixed({ policy: basePolicy }), hasRua));
  const pInvalid = syntax.invalid.some((i) => i.name === 'p');
  if (eff.testMode && eff.policy === 'none' && tags.p === 'quarantine') {
    reasons.push({
      severity: 'fail',
      text: 'p=quarantine with t=y (test mode): receivers apply one step less, i.e. none',
      fix: `Remove t=y:\n  ${txtInstruction(target, fixed({ policy: 'quarantine', dropTestMode: true }))}`,
    });
  } else if (!(pInvalid && !f.inherited)) {
    reasons.push({
      severity: rule.severity,
      text: eff.from === 'sp' ? `${rule.text} (sp=${tags.sp} for subdomains)` : rule.text,
      fix: rule.severity === 'fail' ? txtInstruction(target, fixRecord) : undefined,
    });
    if (eff.testMode)
      reasons.push({
        severity: 'warn',
        text: 't=y (test mode) is set: receivers apply one step less than the stated policy',
        fix: `Remove t=y:\n  ${fixed({ policy: basePolicy, dropTestMode: true })}`,
      });
  }
  if (!f.inherited && tags.sp === 'none' && eff.policy !== 'none') {
    reasons.push({
      severity: 'warn',
      text: 'sp=none: subdomains of this domain (which anyone can make up) have no DMARC protection',
      fix: `Remove sp=none (subdomains then follow p), or set sp=quarantine:\n  ${fixed({ sp: 'quarantine' })}`,
    });
  }
  const pctValid = tags.pct !== undefined && !syntax.invalid.some((i) => i.name === 'pct');
  const pct = pctValid ? Number(tags.pct) : undefined;
  if (pct !== undefined && pct < 100) {
    reasons.push({
      severity: 'warn',
      text: `pct=${pct}: older receivers apply the policy to only ${pct}% of failing mail`,
      fix: `Remove the pct tag:\n  ${fixed({ dropPct: true })}`,
    });
  }
  const unknown = [...new Set([...syntax.unknown, ...f.unknownTags])];
  if (unknown.length) {
    reasons.push({
      severity: 'warn',
      text: `Unknown tag${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: receivers ignore ${unknown.length > 1 ? 'them' : 'it'} — a typo?`,
      fix: `Remove or correct ${unknown.join(', ')} in ${policyName}:\n  ${fixed()}`,
    });
  }

  // Aggregate reports.
  if (!hasRua) {
    reasons.push({
      severity: 'warn',
      text: 'No rua= reporting address: nobody receives the reports that show who sends as this domain',
      fix: `Add a reporting address:\n  ${txtInstruction(target, fixed({ policy: eff.policy === 'reject' ? 'reject' : 'quarantine', rua: dmarcReportAddress(f.domain) }))}`,
    });
  }
  for (const r of f.rua) {
    if (!r.valid)
      reasons.push({
        severity: 'warn',
        text: `rua entry "${r.uri}" is not a valid mailto: or https: address`,
        fix: `Keep only valid addresses, for example:\n  ${fixed({ rua: dmarcReportAddress(f.domain) })}`,
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
  const invalidTags = [...syntax.duplicates.map((d) => `${d} (repeated)`), ...syntax.invalid.map((i) => i.name)];
  return toFinding({
    check: 'dns.dmarc',
    target,
    passSummary: status === 'pass' ? `DMARC policy is ${policy}${policy === 'quarantine' ? ' (record the timeline to reject)' : ''}` : '',
    found,
    reasons,
    data: {
      policy,
      subdomainPolicy: tags.sp ?? null,
      testMode: eff.testMode,
      pct: pct ?? null,
      invalidTags,
      rua: f.rua.map((r) => r.uri),
      inherited: f.inherited,
      policyDomain: f.policyDomain,
      pslOrgDomain: f.pslOrgDomain,
      treeWalkOrgDomain: f.treeWalkOrgDomain,
    },
  });
}
