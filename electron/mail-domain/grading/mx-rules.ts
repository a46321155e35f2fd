import type { DomainFinding } from '../../../shared/contract/domain-checks';
import { isIndeterminate } from '../../probes/dns/resolver';
import type { MxFacts } from '../../probes/dns/mx';
import { dnsIndeterminate, statusOf, toFinding, type Reason } from './verdict';
import type { GradeContext } from './context';

// At least one MX (no A/AAAA fallback), null MX alone or not at all, targets that are names with
// addresses, not aliases (CNAME) or IP literals.

export function gradeMx(f: MxFacts, ctx: GradeContext): DomainFinding {
  if (isIndeterminate(f.outcome)) return dnsIndeterminate('dns.mx', f.domain, f.outcome, ctx.dnsServers);
  const found = f.hosts.map(
    (h) =>
      `MX ${h.priority} ${h.exchange}${h.cnameChain.length ? ` → CNAME ${h.cnameChain.join(' → ')}` : ''} — ${
        [...h.ipv4, ...h.ipv6].join(', ') || 'no addresses'
      }`,
  );
  if (f.nullMx) found.unshift('MX 0 . (null MX: "this domain accepts no mail")');
  const reasons: Reason[] = [];

  if (f.outcome === 'nxdomain') {
    reasons.push({
      severity: 'fail',
      text: `${f.domain} does not exist in the DNS (NXDOMAIN)`,
      fix: 'Check the spelling of the domain, or register and publish it before accrediting it.',
    });
  } else if (f.outcome === 'nodata' || (!f.nullMx && f.hosts.length === 0)) {
    reasons.push({
      severity: 'fail',
      text: `${f.domain} publishes no MX records, so nobody can send mail to it (senders must not fall back to its A record)`,
      fix: `Publish the MX records your email provider gives you${ctx.provider === 'microsoft-365' ? ` — for Microsoft 365: ${f.domain.replace(/\./g, '-')}.mail.protection.outlook.com, priority 0` : ''}.`,
    });
  }
  if (f.mixedNullMx) {
    reasons.push({
      severity: 'fail',
      text: 'A null MX ("0 .") is published next to real MX records, which RFC 7505 forbids; senders may treat the domain as not accepting mail',
      fix: `Delete the "MX 0 ." record at ${f.domain}.`,
    });
  } else if (f.nullMx) {
    reasons.push({
      severity: 'warn',
      text: `${f.domain} publishes a null MX: it declares that it receives no email. Accreditation is for domains that exchange email — check this is the right domain`,
      fix: `If ${f.domain} should receive mail, replace "MX 0 ." with your provider's MX records.`,
    });
  }

  const noAddress = f.hosts.filter((h) => !h.addressLiteral && h.ipv4.length === 0 && h.ipv6.length === 0);
  const lookupTrouble = noAddress.filter((h) => isIndeterminate(h.ipv4Outcome) || isIndeterminate(h.ipv6Outcome));
  const deadEnds = noAddress.filter((h) => !lookupTrouble.includes(h));
  if (deadEnds.length) {
    const all = deadEnds.length === f.hosts.length;
    reasons.push({
      severity: all ? 'fail' : 'warn',
      text: `${deadEnds.map((h) => h.exchange).join(', ')} ${deadEnds.length === 1 ? 'has' : 'have'} no A or AAAA record${all ? ', so mail cannot be delivered' : ''}`,
      fix: `Point every MX at a host name that resolves, or remove the MX records for ${deadEnds.map((h) => h.exchange).join(', ')}.`,
    });
  }
  if (lookupTrouble.length) {
    reasons.push({
      severity: 'note',
      text: `The addresses of ${lookupTrouble.map((h) => h.exchange).join(', ')} could not be looked up (DNS timeout or error)`,
    });
  }
  for (const h of f.hosts.filter((x) => x.addressLiteral)) {
    reasons.push({
      severity: 'fail',
      text: `MX ${h.exchange} is an IP address, not a host name (RFC 5321 §5.1)`,
      fix: `Replace MX ${h.exchange} with a host name that has an A record.`,
    });
  }
  for (const h of f.hosts.filter((x) => x.cnameChain.length)) {
    reasons.push({
      severity: 'warn',
      text: `MX ${h.exchange} is an alias (CNAME to ${h.cnameChain[h.cnameChain.length - 1]}); RFC 2181 §10.3 says MX must name the host itself, and DANE-aware senders (Postfix, Exim) skip TLS checks for it`,
      fix: `Change the MX record to point at ${h.cnameChain[h.cnameChain.length - 1]} directly.`,
    });
  }
  const mapped = f.hosts.filter((h) => h.ipv6.some((a) => /^::ffff:/i.test(a)));
  if (mapped.length) {
    reasons.push({
      severity: 'note',
      text: `${mapped.map((h) => h.exchange).join(', ')} publish an IPv4-mapped IPv6 address (::ffff:…), which is not reachable over IPv6`,
    });
  }
  if (f.ignoredHosts.length) {
    reasons.push({
      severity: 'warn',
      text: `More than 10 MX hosts: ${f.ignoredHosts.length} were not tested (${f.ignoredHosts.slice(0, 5).join(', ')}…)`,
    });
  }
  if (f.provider !== 'other' && f.hosts.length) {
    reasons.push({
      severity: 'note',
      text:
        f.provider === 'microsoft-365'
          ? 'Mail is received by Microsoft 365 (Exchange Online Protection)'
          : 'Mail is received by Google Workspace',
    });
  }
  if (f.hosts.length && ctx.route === 'o365' && f.provider !== 'microsoft-365') {
    reasons.push({
      severity: 'note',
      text: `This client is on the Microsoft 365 route, but mail for ${f.domain} is received by ${f.hosts[0]!.exchange} first (a gateway or on-premises server). Its TLS and security are what senders see, and the self-managed (ICT) requirements may apply`,
    });
  }
  const count = f.hosts.length;
  if (statusOf(reasons) === 'pass')
    reasons.unshift({ severity: 'pass', text: 'Every MX host is a host name with an address, none is an alias, and there is no null MX' });
  return toFinding({
    check: 'dns.mx',
    target: f.domain,
    passSummary: `${count} MX host${count === 1 ? '' : 's'}: ${f.hosts.map((h) => h.exchange).join(', ')}`,
    found,
    reasons,
    data: {
      hosts: f.hosts.map((h) => ({ host: h.exchange, priority: h.priority, ipv4: h.ipv4, ipv6: h.ipv6, cname: h.cnameChain })),
      nullMx: f.nullMx,
      provider: f.provider,
    },
  });
}
