import type { DomainFinding } from '../../../shared/contract/domain-checks';
import type { DnssecFacts, DnssecState } from '../../probes/dns/dnssec';
import type { GradeContext } from './context';
import { notAssessable, toFinding, type Reason, type Severity } from './verdict';

// Advisory. Secure passes, unsigned warns (most Microsoft 365 and Google customers cannot sign their
// MX zones), bogus fails: a validating resolver refuses every answer for the domain, mail included.

const DNSSEC_RULES: Record<Exclude<DnssecState, 'indeterminate'>, { severity: Severity; text: (name: string) => string }> = {
  secure: { severity: 'pass', text: (n) => `${n} is signed and validates (AD bit set by the resolver)` },
  insecure: { severity: 'warn', text: (n) => `${n} is not DNSSEC-signed, or the resolver does not validate` },
  bogus: {
    severity: 'fail',
    text: (n) => `${n} has broken DNSSEC: validating resolvers refuse its answers (SERVFAIL, answer with checking disabled)`,
  },
};

export function gradeDnssec(f: DnssecFacts, ctx: GradeContext): DomainFinding {
  const d = f.domain;
  const found = [f.domain, ...f.mxHosts].map(
    (n) => `${n.name} (${n.type}): ${n.state}${n.server ? ` — resolver ${n.server}` : ''}${n.error ? ` (${n.error})` : ''}`,
  );
  if (d.state === 'indeterminate') {
    return notAssessable(
      'dns.dnssec',
      d.name,
      'unreachable',
      `Could not ask a resolver about DNSSEC for ${d.name}`,
      [d.error ?? 'no answer'],
      { state: null },
      found,
    );
  }
  const reasons: Reason[] = [];
  const rule = DNSSEC_RULES[d.state];
  reasons.push({
    severity: rule.severity,
    text: rule.text(d.name),
    fix:
      d.state === 'bogus'
        ? `Fix the DS record at the registrar for ${d.name} (it must match the zone's current DNSKEY), or remove it to go back to unsigned.`
        : d.state === 'insecure'
          ? `Optional: turn on DNSSEC signing at your DNS host and publish the DS record at your registrar.`
          : undefined,
  });
  for (const mx of f.mxHosts) {
    if (mx.state === 'bogus')
      reasons.push({ severity: 'fail', text: DNSSEC_RULES.bogus.text(mx.name), fix: `Ask the operator of ${mx.name} to fix its DNSSEC.` });
    else if (mx.state === 'insecure') reasons.push({ severity: 'note', text: `MX ${mx.name} is not signed (DANE for it is impossible)` });
    else if (mx.state === 'secure') reasons.push({ severity: 'pass', text: `MX ${mx.name} is signed` });
  }
  reasons.push({
    severity: 'note',
    text: `This trusts the validation of ${d.server ?? ctx.dnsServers.join(', ')}; a resolver that does not validate reports every domain as unsigned`,
  });
  return toFinding({
    check: 'dns.dnssec',
    target: d.name,
    passSummary: `${d.name} is DNSSEC-signed`,
    found,
    reasons,
    data: { state: d.state, mx: f.mxHosts.map((m) => ({ host: m.name, state: m.state })), resolver: d.server ?? null },
  });
}
