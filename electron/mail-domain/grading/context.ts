import type { Route } from '../../../shared/contract/clients';
import type { MailProvider } from '../../probes/dns/mx';

// What the graders know about the domain beyond one record: who runs its mail (from the client's route or
// its MX hosts), its MX hosts, whether MTA-STS enforces, and the clock for dates.
export interface GradeContext {
  domain: string;
  provider: MailProvider;
  // The client's accreditation route, when the check runs for a client.
  route?: Route;
  mxHosts: readonly string[];
  mtaStsEnforce: boolean;
  now: Date;
  dnsServers: readonly string[];
}

// The records we suggest. Exact text, so a consultant can paste it into the DNS host's form.
export const SUGGESTED_SPF: Record<MailProvider, string> = {
  'microsoft-365': 'v=spf1 include:spf.protection.outlook.com -all',
  google: 'v=spf1 include:_spf.google.com -all',
  other: 'v=spf1 mx -all',
};

export function txtInstruction(name: string, value: string): string {
  return `Publish this TXT record at ${name}:\n  ${value}`;
}

export function policyId(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function dmarcReportAddress(domain: string): string {
  return `mailto:dmarc-reports@${domain}`;
}

export function providerForRoute(route: Route | undefined, fromMx: MailProvider): MailProvider {
  if (route === 'o365') return 'microsoft-365';
  if (route === 'google') return 'google';
  if (route === 'self-managed') return 'other';
  return fromMx;
}
