import { createPublicKey } from 'node:crypto';
import { readTxt } from './txt';
import { outcomeOf, type DnsResolverPort, type LookupOutcome } from './resolver';

// Selectors cannot be discovered from outside, so we (1) ask whether `_domainkey.<d>` exists at
// all (NODATA = an empty non-terminal, so keys live below it; NXDOMAIN = none), and (2) try the selectors
// the big providers use plus any the consultant names. Microsoft 365 publishes `selector1`/`selector2` as
// CNAMEs, to `…onmicrosoft.com` (older tenants) or `…<partition>-v1.dkim.mail.microsoft` (custom domains
// added since May 2025); we follow each chain through the resolver and read the key at its end.

const DEFAULT_SELECTORS = ['selector1', 'selector2', 'google', 'default', 'k1', 's1', 's2', 'dkim', 'mail'] as const;
const MAX_SELECTORS = 20;
const SELECTOR = /^[a-z0-9](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9](?:[a-z0-9_-]{0,62}))*$/;
const MAX_KEY_CHARS = 8192;

export type MicrosoftCnameForm = 'onmicrosoft' | 'dkim-mail-microsoft';

export interface DkimSelectorFacts {
  selector: string;
  name: string;
  cnameChain: string[];
  cnameOutcome: LookupOutcome;
  microsoftForm?: MicrosoftCnameForm;
  txtOutcome: LookupOutcome;
  record?: string;
  version?: string;
  keyType?: string;
  keyBits?: number;
  // `p=` empty: the key was revoked.
  revoked: boolean;
  keyError?: string;
}

export interface DkimFacts {
  domain: string;
  skipped?: 'onmicrosoft';
  domainkeyOutcome: LookupOutcome;
  selectors: DkimSelectorFacts[];
}

export function microsoftForm(target: string): MicrosoftCnameForm | undefined {
  if (/^selector[12]-[a-z0-9-]+\._domainkey\.[a-z0-9-]+\.onmicrosoft\.com$/.test(target)) return 'onmicrosoft';
  if (/^selector[12]-[a-z0-9-]+\._domainkey\.[a-z0-9-]+\.[a-z0-9]-v1\.dkim\.mail\.microsoft$/.test(target)) return 'dkim-mail-microsoft';
  return undefined;
}

export function parseTagList(record: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of record.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const k = part.slice(0, eq).trim().toLowerCase();
    if (!(k in tags)) tags[k] = part.slice(eq + 1).trim();
  }
  return tags;
}

export function keyStrength(keyType: string, p: string): { bits?: number; error?: string } {
  const b64 = p.replace(/\s+/g, '');
  if (b64.length > MAX_KEY_CHARS) return { error: 'the key is implausibly long' };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return { error: 'the key is not base64' };
  const der = Buffer.from(b64, 'base64');
  if (keyType === 'ed25519') return der.length === 32 ? { bits: 256 } : { error: 'an Ed25519 key must be 32 bytes' };
  if (keyType !== 'rsa') return { error: `unknown key type k=${keyType}` };
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      const key = createPublicKey({ key: der, format: 'der', type });
      if (key.asymmetricKeyType === 'rsa') return { bits: key.asymmetricKeyDetails?.modulusLength };
    } catch {
      // try the other encoding
    }
  }
  return { error: 'the key cannot be read as an RSA public key' };
}

async function probeSelector(dns: DnsResolverPort, domain: string, selector: string): Promise<DkimSelectorFacts> {
  const name = `${selector}._domainkey.${domain}`;
  const facts: DkimSelectorFacts = { selector, name, cnameChain: [], cnameOutcome: 'nodata', txtOutcome: 'nodata', revoked: false };
  let current = name;
  for (let hop = 0; hop < 6; hop++) {
    try {
      const [target] = await dns.cname(current);
      if (!target) break;
      const t = target.toLowerCase().replace(/\.$/, '');
      if (facts.cnameChain.includes(t)) break;
      facts.cnameChain.push(t);
      if (hop === 0) facts.cnameOutcome = 'answer';
      current = t;
    } catch (err) {
      if (hop === 0) facts.cnameOutcome = outcomeOf(err);
      break;
    }
  }
  if (facts.cnameChain[0]) facts.microsoftForm = microsoftForm(facts.cnameChain[0]);
  // NXDOMAIN on the selector name itself: nothing below it either, no need to ask for TXT.
  if (facts.cnameOutcome === 'nxdomain') {
    facts.txtOutcome = 'nxdomain';
    return facts;
  }
  const txt = await readTxt(dns, current);
  facts.txtOutcome = txt.outcome;
  const record = txt.records.map((r) => r.text).find((t) => /(^|;)\s*p\s*=/.test(t) || /^\s*v\s*=\s*DKIM1/i.test(t));
  if (!record) return facts;
  facts.record = record;
  const tags = parseTagList(record);
  facts.version = tags.v;
  facts.keyType = (tags.k ?? 'rsa').toLowerCase();
  if (tags.p === undefined) facts.keyError = 'no p= tag';
  else if (tags.p === '') facts.revoked = true;
  else {
    const s = keyStrength(facts.keyType, tags.p);
    facts.keyBits = s.bits;
    facts.keyError = s.error;
  }
  return facts;
}

export async function gatherDkim(dns: DnsResolverPort, domain: string, extraSelectors: readonly string[] = []): Promise<DkimFacts> {
  if (domain.endsWith('.onmicrosoft.com')) return { domain, skipped: 'onmicrosoft', domainkeyOutcome: 'nodata', selectors: [] };
  const extra = extraSelectors.map((s) => s.trim().toLowerCase()).filter((s) => SELECTOR.test(s));
  const selectors = [...new Set([...DEFAULT_SELECTORS, ...extra])].slice(0, MAX_SELECTORS);
  const [base, found] = await Promise.all([
    readTxt(dns, `_domainkey.${domain}`),
    Promise.all(selectors.map((s) => probeSelector(dns, domain, s))),
  ]);
  return { domain, domainkeyOutcome: base.outcome, selectors: found };
}
