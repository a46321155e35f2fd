import { parsePolicy, validateMx } from 'mailauth/lib/mta-sts.js';
import { readTxt, type TxtRecord } from './txt';
import { outcomeOf, type DnsResolverPort, type LookupOutcome } from './resolver';
import { fetchPolicy, type PolicyFetchFacts } from './policy-fetch';

// The `_mta-sts` TXT record, then the policy file fetched from the address our resolver gave for
// mta-sts.<domain>, parsed with mailauth (strict RFC 8461 first; the lax parse only to say what is
// wrong), and every MX matched against the policy's patterns with a one-label wildcard.

const STS_PREFIX = /^v=STSv1[ \t]*;/i;
const STS_STRICT =
  /^v=STSv1[ \t]*;(?:[ \t]*[A-Za-z0-9][A-Za-z0-9_.-]{0,31}=[\x21-\x3a\x3c\x3e-\x7e]+[ \t]*;)*[ \t]*(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,31}=[\x21-\x3a\x3c\x3e-\x7e]+)?[ \t]*;?$/;

interface MtaStsPolicy {
  version?: string;
  mode: 'enforce' | 'testing' | 'none';
  maxAge: number;
  mx: string[];
}

export interface MtaStsFacts {
  domain: string;
  txtName: string;
  txtOutcome: LookupOutcome;
  txtError?: string;
  stsRecords: TxtRecord[];
  id?: string;
  idValid: boolean;
  recordStrict: boolean;
  policyHost: string;
  hostOutcome?: LookupOutcome;
  hostAddresses: string[];
  fetch?: PolicyFetchFacts;
  policy?: MtaStsPolicy;
  policyError?: string;
  // The lax parse accepted what the strict one refused (e.g. "Mode: Enforce").
  policyLaxOnly: boolean;
  mxMatches: { mx: string; matched: boolean; pattern?: string; mailauthAgrees: boolean }[];
}

// RFC 8461 §4.1: "*.example.com" matches "mx.example.com" but neither "example.com" nor "a.b.example.com".
export function mtaStsPatternMatches(pattern: string, host: string): boolean {
  const p = pattern.trim().toLowerCase().replace(/\.$/, '');
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (!p || !h || h.includes('*')) return false;
  if (!p.startsWith('*.')) return p === h;
  const suffix = p.slice(1); // ".example.com"
  if (!h.endsWith(suffix)) return false;
  const label = h.slice(0, h.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}

function idOf(record: string): string | undefined {
  for (const part of record.split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === 'id') return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface MtaStsOptions {
  httpsPort: number;
  timeoutMs: number;
  extraCa?: readonly string[];
}

export async function gatherMtaSts(
  dns: DnsResolverPort,
  domain: string,
  mxHosts: readonly string[],
  o: MtaStsOptions,
): Promise<MtaStsFacts> {
  const txtName = `_mta-sts.${domain}`;
  const txt = await readTxt(dns, txtName);
  const stsRecords = txt.records.filter((r) => STS_PREFIX.test(r.text.trim()));
  const facts: MtaStsFacts = {
    domain,
    txtName,
    txtOutcome: txt.outcome,
    txtError: txt.error,
    stsRecords,
    idValid: false,
    recordStrict: false,
    policyHost: `mta-sts.${domain}`,
    hostAddresses: [],
    policyLaxOnly: false,
    mxMatches: [],
  };
  if (stsRecords.length !== 1) return facts;
  const record = stsRecords[0]!.text;
  facts.id = idOf(record);
  facts.idValid = facts.id !== undefined && /^[A-Za-z0-9]{1,32}$/.test(facts.id);
  facts.recordStrict = STS_STRICT.test(record) && facts.idValid;

  // The policy host, through our resolver: A first, then AAAA when the name has no A records.
  try {
    facts.hostAddresses = await dns.a(facts.policyHost);
    facts.hostOutcome = 'answer';
  } catch (err) {
    facts.hostOutcome = outcomeOf(err);
  }
  if (facts.hostAddresses.length === 0 && facts.hostOutcome === 'nodata') {
    try {
      facts.hostAddresses = await dns.aaaa(facts.policyHost);
      facts.hostOutcome = 'answer';
    } catch (err) {
      facts.hostOutcome = outcomeOf(err);
    }
  }
  const ip = facts.hostAddresses[0];
  if (!ip) return facts;
  facts.fetch = await fetchPolicy(facts.policyHost, ip, { port: o.httpsPort, timeoutMs: o.timeoutMs, extraCa: o.extraCa });
  if (facts.fetch.body === undefined) return facts;

  try {
    facts.policy = parsePolicy(facts.fetch.body, { strict: true }) as MtaStsPolicy;
  } catch (strictErr) {
    facts.policyError = (strictErr as Error).message;
    try {
      facts.policy = parsePolicy(facts.fetch.body, { strict: false }) as MtaStsPolicy;
      facts.policyLaxOnly = true;
    } catch {
      // Unusable either way: policyError says why.
    }
  }
  if (facts.policy && facts.policy.mode !== 'none') {
    facts.mxMatches = mxHosts.map((mx) => {
      const pattern = facts.policy!.mx.find((p) => mtaStsPatternMatches(p, mx));
      const ours = pattern !== undefined;
      const theirs = validateMx(mx, facts.policy!).valid;
      return { mx, matched: ours, pattern, mailauthAgrees: ours === theirs };
    });
  }
  return facts;
}
