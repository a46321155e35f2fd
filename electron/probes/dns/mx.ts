import net from 'node:net';
import { DnsLookupError, outcomeOf, type DnsResolverPort, type LookupOutcome } from './resolver';

// The MX set, null MX (RFC 7505), MX targets that are CNAMEs (RFC 2181 §10.3) and each target's
// addresses — all through the injected resolver, never an A/AAAA fallback on the domain itself.

const MAX_MX_HOSTS = 10;
const MAX_ADDRESSES = 16;

export type MailProvider = 'microsoft-365' | 'google' | 'other';

interface MxHostFacts {
  exchange: string;
  priority: number;
  // The MX target is an alias: the chain of names it points through.
  cnameChain: string[];
  cnameOutcome: LookupOutcome;
  ipv4: string[];
  ipv6: string[];
  ipv4Outcome: LookupOutcome;
  ipv6Outcome: LookupOutcome;
  // An MX naming an address instead of a host (invalid, but seen).
  addressLiteral: boolean;
}

export interface MxFacts {
  domain: string;
  outcome: LookupOutcome;
  resolverError?: string;
  nullMx: boolean;
  // A null MX next to real ones: an error (RFC 7505 §3).
  mixedNullMx: boolean;
  hosts: MxHostFacts[];
  // Hosts beyond the first ten (by preference) we do not test.
  ignoredHosts: string[];
  provider: MailProvider;
}

export function providerOf(hosts: readonly string[]): MailProvider {
  if (hosts.length && hosts.every((h) => h.endsWith('.mail.protection.outlook.com'))) return 'microsoft-365';
  if (hosts.length && hosts.every((h) => /(^|\.)(google\.com|googlemail\.com)$/.test(h))) return 'google';
  return 'other';
}

async function settle<T>(p: Promise<T>): Promise<{ value?: T; outcome: LookupOutcome }> {
  try {
    return { value: await p, outcome: 'answer' };
  } catch (err) {
    return { outcome: outcomeOf(err) };
  }
}

async function cnameChain(dns: DnsResolverPort, name: string): Promise<{ chain: string[]; outcome: LookupOutcome }> {
  const chain: string[] = [];
  let current = name;
  let first: LookupOutcome = 'nodata';
  for (let hop = 0; hop < 8; hop++) {
    const r = await settle(dns.cname(current));
    if (hop === 0) first = r.outcome;
    const target = r.value?.[0];
    if (!target) break;
    const t = target.toLowerCase().replace(/\.$/, '');
    if (chain.includes(t)) break;
    chain.push(t);
    current = t;
  }
  return { chain, outcome: first };
}

export async function gatherMx(dns: DnsResolverPort, domain: string): Promise<MxFacts> {
  let records: { exchange: string; priority: number }[];
  try {
    records = await dns.mx(domain);
  } catch (err) {
    return {
      domain,
      outcome: outcomeOf(err),
      resolverError: err instanceof DnsLookupError ? err.message : String(err),
      nullMx: false,
      mixedNullMx: false,
      hosts: [],
      ignoredHosts: [],
      provider: 'other',
    };
  }
  const normalised = records
    .map((r) => ({ exchange: r.exchange.toLowerCase().replace(/\.$/, ''), priority: r.priority }))
    .sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
  const isNull = (r: { exchange: string }) => r.exchange === '';
  const nullMx = normalised.some(isNull);
  const real = normalised.filter((r) => !isNull(r));
  const unique = real.filter((r, i) => real.findIndex((x) => x.exchange === r.exchange) === i);
  const tested = unique.slice(0, MAX_MX_HOSTS);

  const hosts = await Promise.all(
    tested.map(async ({ exchange, priority }): Promise<MxHostFacts> => {
      const addressLiteral = net.isIP(exchange.replace(/^\[|\]$/g, '')) !== 0;
      if (addressLiteral) {
        return {
          exchange,
          priority,
          cnameChain: [],
          cnameOutcome: 'nodata',
          ipv4: [],
          ipv6: [],
          ipv4Outcome: 'nodata',
          ipv6Outcome: 'nodata',
          addressLiteral,
        };
      }
      const [cname, v4, v6] = await Promise.all([cnameChain(dns, exchange), settle(dns.a(exchange)), settle(dns.aaaa(exchange))]);
      return {
        exchange,
        priority,
        cnameChain: cname.chain,
        cnameOutcome: cname.outcome,
        ipv4: (v4.value ?? []).slice(0, MAX_ADDRESSES),
        ipv6: (v6.value ?? []).slice(0, MAX_ADDRESSES),
        ipv4Outcome: v4.outcome,
        ipv6Outcome: v6.outcome,
        addressLiteral,
      };
    }),
  );
  return {
    domain,
    outcome: 'answer',
    nullMx,
    mixedNullMx: nullMx && real.length > 0,
    hosts,
    ignoredHosts: unique.slice(MAX_MX_HOSTS).map((h) => h.exchange),
    provider: providerOf(hosts.map((h) => h.exchange)),
  };
}
