import type { DomainFinding } from '../../../shared/contract/domain-checks';
import { isIndeterminate } from '../../probes/dns/resolver';
import type { TlsRptFacts } from '../../probes/dns/tls-rpt';
import { txtInstruction, type GradeContext } from './context';
import { dnsIndeterminate, statusOf, toFinding, type Reason } from './verdict';

// TLS-RPT (RFC 8460). Reports of TLS failures towards this domain; the first step before MTA-STS. The NCSC
// Mail Check collector stopped with Mail Check on 31 March 2026.

export function gradeTlsRpt(f: TlsRptFacts, ctx: GradeContext): DomainFinding {
  if (isIndeterminate(f.outcome)) return dnsIndeterminate('dns.tls-rpt', f.name, f.outcome, ctx.dnsServers);
  const suggested = `v=TLSRPTv1; rua=mailto:tls-reports@${ctx.domain}`;
  const found = f.records.length ? f.records.map((r) => `${f.name} TXT "${r.text}"`) : [`${f.name}: no TLS-RPT record`];
  const reasons: Reason[] = [];
  if (f.records.length === 0) {
    reasons.push({
      severity: 'warn',
      text: 'No TLS-RPT record: nobody hears about TLS failures when other servers send to this domain',
      fix: `${txtInstruction(f.name, suggested)}\n(tls-reports@ must be a mailbox you read, or your reporting service's address.)`,
    });
  } else if (f.records.length > 1) {
    reasons.push({
      severity: 'warn',
      text: `${f.records.length} TLS-RPT records: senders ignore them all`,
      fix: `Keep one record:\n  ${suggested}`,
    });
  } else {
    if (!f.syntaxOk)
      reasons.push({
        severity: 'warn',
        text: 'The record has no valid rua= (mailto: or https: addresses, comma-separated)',
        fix: txtInstruction(f.name, suggested),
      });
    const retired = f.rua.filter((r) => r.retired);
    if (retired.length) {
      reasons.push({
        severity: 'warn',
        text: `Reports go to ${retired.map((r) => r.uri).join(', ')}: NCSC Mail Check's collector, retired on 31 March 2026`,
        fix: `Point rua at your own mailbox or reporting service:\n  ${txtInstruction(f.name, suggested)}`,
      });
    }
    if (statusOf(reasons) === 'pass')
      reasons.push({ severity: 'pass', text: `TLS failure reports go to ${f.rua.map((r) => r.uri).join(', ')}` });
  }
  return toFinding({
    check: 'dns.tls-rpt',
    target: f.name,
    passSummary: 'TLS-RPT reports are requested',
    found,
    reasons,
    data: { rua: f.rua.map((r) => r.uri) },
  });
}
