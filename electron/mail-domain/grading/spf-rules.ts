import type { DomainFinding } from '../../../shared/contract/domain-checks';
import { isIndeterminate } from '../../probes/dns/resolver';
import { mxOverLimit, parseSpfTerms, reachedVia, SPF_PROBE_IP, type SpfFacts, type SpfNode, type SpfResult } from '../../probes/dns/spf';
import { SUGGESTED_SPF, txtInstruction, type GradeContext } from './context';
import { dnsIndeterminate, notAssessable, statusOf, toFinding, type Reason, type Severity } from './verdict';

// The evaluation result for a sender that is certainly not authorised (TEST-NET-1) is the policy
// itself: "fail" is -all, "softfail" ~all, "neutral" ?all or no all, "pass" means anyone may send.
// Project choice (README › Grading rules): -all passes, ~all warns; internet.nl accepts ~all, ScubaGear
// requires -all.

const SPF_RESULT_RULES: Record<Exclude<SpfResult, 'none' | 'permerror' | 'temperror'>, { severity: Severity; text: string }> = {
  fail: { severity: 'pass', text: 'Ends in -all: receivers may reject mail from servers the record does not list' },
  softfail: {
    severity: 'warn',
    text: 'Ends in ~all (soft fail): mail from unlisted servers is only marked as suspicious. Move to -all once every sender is listed',
  },
  neutral: {
    severity: 'fail',
    text: 'Ends in ?all or has no "all": the record says nothing about unlisted servers, so it gives no protection',
  },
  pass: {
    severity: 'fail',
    text: `The policy authorises any server (even the documentation address ${SPF_PROBE_IP}): +all or an over-broad range`,
  },
};

const SIZE_WARN = 450;
const SIZE_UDP = 512;

export function withAll(record: string, qualifier: '-' | '~'): string {
  const terms = record.trim().split(/\s+/);
  const i = terms.findIndex((t) => /^[+\-~?]?all$/i.test(t));
  if (i >= 0) terms[i] = `${qualifier}all`;
  else if (!terms.some((t) => /^redirect=/i.test(t))) terms.push(`${qualifier}all`);
  return terms.join(' ');
}

export function mergeSpf(records: readonly string[]): string {
  const terms: string[] = [];
  for (const r of records) {
    for (const t of r.trim().split(/\s+/).slice(1)) {
      if (/^[+\-~?]?all$/i.test(t) || /^redirect=/i.test(t)) continue;
      if (!terms.includes(t)) terms.push(t);
    }
  }
  return ['v=spf1', ...terms, '-all'].join(' ');
}

function heaviestIncludes(tree: SpfNode | undefined): string {
  const count = (n: SpfNode): number => n.lookupTerms + n.children.reduce((s, c) => s + count(c), 0);
  return (tree?.children ?? [])
    .map((c) => ({ domain: c.domain, n: 1 + count(c) }))
    .sort((a, b) => b.n - a.n)
    .slice(0, 5)
    .map((c) => `${c.domain} (${c.n})`)
    .join(', ');
}

function permerrorReason(f: SpfFacts, text: string): Reason {
  const record = f.spfRecords[0]?.text ?? '';
  if (f.loopPath) {
    const [from, to] = f.loopPath.slice(-2);
    return {
      severity: 'fail',
      text: `The include tree loops: ${f.loopPath.join(' → ')}. Receivers give up after 10 lookups and treat SPF as a permanent error`,
      fix: `Remove the include of ${to} from the SPF record of ${from}.`,
    };
  }
  const manyMx = mxOverLimit(f.tree);
  if (/too many dns requests/i.test(text) && manyMx && f.totalLookupTerms <= 10) {
    return {
      severity: 'fail',
      text: `The mx term for ${manyMx.name} finds ${manyMx.count} MX records; receivers look at no more than 10 (RFC 7208 §4.6.4) and treat more as a permanent error`,
      fix: `Replace the mx term with ip4:/ip6: ranges or a: terms for the servers that really send as ${f.domain}, or cut ${manyMx.name} to 10 MX records or fewer.`,
    };
  }
  if (/too many dns requests/i.test(text)) {
    return {
      severity: 'fail',
      text: `Needs more than 10 DNS lookups (${f.totalLookupTerms} DNS-querying terms across the include tree); receivers stop at 10 and treat SPF as a permanent error`,
      fix: `Cut the lookups to 10 or fewer: remove include: entries for services that no longer send as ${f.domain}, or replace an include with the ip4:/ip6: ranges it publishes. Heaviest includes (lookups): ${heaviestIncludes(f.tree) || 'none found'}.`,
    };
  }
  if (/too many void/i.test(text)) {
    return {
      severity: 'fail',
      text: 'More than 2 terms point at names that do not exist or have no addresses (void lookups, RFC 7208 §4.6.4)',
      fix: 'Remove a:, mx:, include: or exists: terms whose names no longer exist.',
    };
  }
  const multiple = /multiple SPF records found for (\S+)/i.exec(text);
  if (multiple)
    return {
      severity: 'fail',
      text: `${multiple[1]} (included) publishes more than one SPF record`,
      fix: `Ask the owner of ${multiple[1]} to fix their SPF record, or stop including it.`,
    };
  const missing = /no SPF records found for (\S+)/i.exec(text);
  if (missing && reachedVia(f.tree, missing[1]!) === 'redirect')
    return {
      severity: 'fail',
      text: `The redirect= target ${missing[1]} has no SPF record, so the policy ends in a permanent error (RFC 7208 §6.1)`,
      fix: `Point redirect= at a domain that publishes an SPF record, or replace it with the terms of the intended policy ending in -all.`,
    };
  if (missing)
    return {
      severity: 'fail',
      text: `Included domain ${missing[1]} has no SPF record`,
      fix: `Remove include:${missing[1]} or replace it with the sender's correct include.`,
    };
  return {
    severity: 'fail',
    text: `The record has an error receivers will not accept: ${text.replace(/^.*permanent error in processing during lookup of \S+: /, '')}`,
    fix: record ? `Correct the syntax; for example:\n  ${mergeSpf([record])}` : undefined,
  };
}

export function gradeSpf(f: SpfFacts, ctx: GradeContext): DomainFinding {
  if (isIndeterminate(f.txtOutcome)) return dnsIndeterminate('dns.spf', f.domain, f.txtOutcome, ctx.dnsServers);
  const found = f.spfRecords.length
    ? f.spfRecords.map((r) => `${f.domain} TXT "${r.text}"`)
    : [`${f.domain}: no TXT record starting "v=spf1"`];
  const suggest = SUGGESTED_SPF[ctx.provider];
  const reasons: Reason[] = [];
  const data: Record<string, unknown> = {
    result: f.evaluation.result,
    all: f.effectiveAll ?? null,
    lookups: f.evaluation.lookups?.count ?? null,
    lookupTerms: f.totalLookupTerms,
    records: f.spfRecords.length,
  };
  for (const n of f.nearMisses) {
    const why = {
      'leading-space': 'starts with a space, so it is not an SPF record',
      'version-typo': 'is not "v=spf1"',
      spf2: 'is Sender ID (spf2.0), which nobody checks',
    }[n.problem];
    reasons.push({ severity: 'note', text: `Ignored TXT "${n.record.slice(0, 120)}": it ${why}` });
  }

  if (f.spfRecords.length === 0) {
    reasons.push({
      severity: 'fail',
      text: `${f.domain} has no SPF record, so anyone can send mail claiming to be from it`,
      fix: `${txtInstruction(f.domain, suggest)}\nAdd include: or ip4: terms for every other service that sends as ${f.domain} (a CRM, a scanner, a newsletter tool).`,
    });
    return toFinding({ check: 'dns.spf', target: f.domain, passSummary: '', found, reasons, data });
  }
  if (f.spfRecords.length > 1) {
    reasons.push({
      severity: 'fail',
      text: `${f.domain} publishes ${f.spfRecords.length} SPF records; receivers treat that as a permanent error and ignore SPF`,
      fix: `Replace the ${f.spfRecords.length} records with one:\n  ${mergeSpf(f.spfRecords.map((r) => r.text))}`,
    });
    return toFinding({ check: 'dns.spf', target: f.domain, passSummary: '', found, reasons, data });
  }

  const record = f.spfRecords[0]!;
  if (f.tree?.children.length) found.push(...describeTree(f.tree));
  const result = f.evaluation.result;
  if (result === 'temperror') {
    return notAssessable(
      'dns.spf',
      f.domain,
      'unreachable',
      'A lookup inside the SPF include tree failed, so the policy could not be evaluated',
      [
        f.evaluation.comment ?? 'DNS timeout or server failure',
        'This is not a fault of the record as such. Run the check again, or choose another DNS server in Settings.',
      ],
      data,
      found,
    );
  }
  if (result === 'permerror' || result === 'none') {
    reasons.push(permerrorReason(f, f.evaluation.comment ?? ''));
  } else {
    const rule = SPF_RESULT_RULES[result];
    const fix =
      result === 'softfail'
        ? `Once every service that sends as ${f.domain} is listed, change ~all to -all:\n  ${withAll(record.text, '-')}`
        : result === 'neutral' || result === 'pass'
          ? `List the servers that send as ${f.domain} and end the record with -all (or ~all while you check):\n  ${withAll(record.text.replace(/\s\+?all\b/i, ''), '-')}`
          : undefined;
    reasons.push({ severity: rule.severity, text: rule.text, fix });
  }

  const lookups = f.evaluation.lookups?.count ?? f.totalLookupTerms;
  if (result !== 'permerror' && lookups >= 9)
    reasons.push({
      severity: 'note',
      text: `Uses ${lookups} of the 10 DNS lookups allowed; a provider adding an include could push it over`,
    });
  else if (result !== 'permerror')
    reasons.push({
      severity: 'pass',
      text: `Uses ${lookups} of the 10 DNS lookups allowed, with ${f.evaluation.lookups?.void ?? 0} void lookups (2 allowed)`,
    });
  if (f.usesPtr)
    reasons.push({
      severity: 'warn',
      text: 'Uses the "ptr" mechanism, which RFC 7208 says not to use (slow, unreliable, and some receivers ignore it)',
      fix: 'Replace ptr with ip4:/ip6: or a: terms.',
    });
  if (f.usesMacros)
    reasons.push({ severity: 'note', text: 'Uses macros (%{…}); their targets depend on the sender and were not followed' });
  if (record.bytes > SIZE_UDP)
    reasons.push({
      severity: 'warn',
      text: `The record is ${record.bytes} bytes; answers over 512 bytes need TCP, which some DNS paths block`,
      fix: 'Shorten the record (fewer terms, or an include).',
    });
  else if (record.bytes > SIZE_WARN)
    reasons.push({
      severity: 'warn',
      text: `The record is ${record.bytes} bytes, close to the 512-byte limit for plain DNS answers`,
      fix: 'Shorten the record (fewer terms, or an include).',
    });
  if (record.longestString > 255)
    reasons.push({ severity: 'fail', text: 'A character-string in the record is longer than 255 bytes, which DNS does not allow' });
  if (!parseSpfTerms(record.text).some((t) => !t.modifier && t.name !== 'all') && !record.text.includes('redirect=') && result === 'fail') {
    reasons.push({
      severity: 'note',
      text: `"v=spf1 -all": ${f.domain} says it sends no mail at all (right for a domain that does not send)`,
    });
  }
  data.sizeBytes = record.bytes;
  const passSummary = statusOf(reasons) === 'pass' ? `SPF ends in -all and needs ${lookups} of 10 lookups` : '';
  return toFinding({ check: 'dns.spf', target: f.domain, passSummary, found, reasons, data });
}

function describeTree(node: SpfNode, depth = 0, out: string[] = []): string[] {
  if (out.length > 60) return out;
  for (const c of node.children) {
    const pad = '  '.repeat(depth + 1);
    const what = c.loop
      ? '(loop — already on the path)'
      : c.record
        ? `"${c.record.slice(0, 300)}"`
        : c.spfRecordCount > 1
          ? '(more than one SPF record)'
          : `(no SPF record: ${c.outcome})`;
    out.push(`${pad}${c.via} ${c.domain} ${what}`);
    describeTree(c, depth + 1, out);
  }
  return out;
}
