import dmarcLib, { type ParsedDmarcRecord } from 'mailauth/lib/dmarc/get-dmarc-record.js';
import { getDomain } from 'tldts';
import { DMARC_VERSION } from '../../mail-domain/grading/dmarc-tags';
import { readTxt, type TxtAnswer } from './txt';
import { isIndeterminate, outcomeOf, type DnsResolverPort, type LookupOutcome } from './resolver';

// Policy discovery is mailauth's RFC 9989 DNS tree walk (≤ 8 queries, psd= aware); we also work
// out the organisational domain from the Public Suffix List (RFC 7489, tldts) and say when the two
// disagree. Our lookup function sits under mailauth's walk so every `_dmarc` answer — including the
// "two records, so neither counts" case mailauth silently discards — is kept for the report.

const KNOWN_TAGS = new Set(['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'fo', 'rua', 'ruf', 'rf', 'ri', 'pct', 't', 'psd']);
const MAX_RUA_CHECKED = 5;

interface DmarcLookupFacts {
  name: string;
  outcome: LookupOutcome;
  dmarcRecords: string[];
  otherRecords: string[];
}

export interface RuaFacts {
  uri: string;
  valid: boolean;
  scheme?: string;
  address?: string;
  domain?: string;
  external: boolean;
  // For an external mailbox: `<policy domain>._report._dmarc.<rua domain>` says "v=DMARC1".
  authorisationName?: string;
  authorisation?: 'authorised' | 'missing' | 'indeterminate';
  mxOutcome?: LookupOutcome;
}

export interface DmarcFacts {
  domain: string;
  pslOrgDomain: string | null;
  treeWalkOrgDomain: string | null;
  lookups: DmarcLookupFacts[];
  // Where the applying record was found (the domain itself, or its organisational domain).
  policyDomain?: string;
  inherited: boolean;
  record?: string;
  tags?: Record<string, string | number>;
  unknownTags: string[];
  parseWarnings: string[];
  // Set when the walk stopped on a lookup we could not complete (timeout, SERVFAIL).
  error?: { name: string; outcome: LookupOutcome };
  // `_dmarc.<name>` holding two or more DMARC records (receivers then ignore them all).
  multipleAt?: string;
  // TXT records at the domain's own `_dmarc` name that would be DMARC records but for leading whitespace:
  // receivers see no record there (RFC 7489 §6.4).
  leadingSpace?: string[];
  // Mistakes worth naming: v=DMARC1 published at the apex (no effect), SPF text at _dmarc.
  apexRecord?: string;
  spfAtDmarc?: string;
  rua: RuaFacts[];
}

function orgDomainOf(domain: string): string | null {
  return getDomain(domain, { allowPrivateDomains: false }) ?? null;
}

async function checkRua(dns: DnsResolverPort, uri: string, policyDomain: string): Promise<RuaFacts> {
  const cleaned = uri.trim().replace(/![0-9]+[kmgt]?$/i, '');
  const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(cleaned);
  if (!m) return { uri, valid: false, external: false };
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'mailto') return { uri, valid: scheme === 'https', scheme, external: false };
  const address = decodeURIComponent(m[2]!.split('?')[0]!).trim();
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1) return { uri, valid: false, scheme, address, external: false };
  const domain = address
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '');
  const external = orgDomainOf(domain) !== orgDomainOf(policyDomain);
  const facts: RuaFacts = { uri, valid: true, scheme, address, domain, external };
  const tasks: Promise<void>[] = [
    dns.mx(domain).then(
      () => void (facts.mxOutcome = 'answer'),
      (err) => void (facts.mxOutcome = outcomeOf(err)),
    ),
  ];
  if (external) {
    facts.authorisationName = `${policyDomain}._report._dmarc.${domain}`;
    tasks.push(
      readTxt(dns, facts.authorisationName).then((txt) => {
        if (txt.records.some((r) => DMARC_VERSION.test(r.text.trim()))) facts.authorisation = 'authorised';
        else facts.authorisation = isIndeterminate(txt.outcome) ? 'indeterminate' : 'missing';
      }),
    );
  }
  await Promise.all(tasks);
  return facts;
}

export async function gatherDmarc(dns: DnsResolverPort, domain: string, apexTxt: TxtAnswer): Promise<DmarcFacts> {
  const lookups: DmarcLookupFacts[] = [];
  const warnings = new Set<string>();
  let multipleAt: string | undefined;

  // mailauth's walk calls this for each candidate name; it throws on errors that leave the policy unknown.
  const lookup = async (name: string): Promise<ParsedDmarcRecord | false> => {
    const txt = await readTxt(dns, `_dmarc.${name}`);
    // Trailing space is harmless; leading space hides the record from receivers, so it is not trimmed.
    const texts = txt.records.map((r) => r.text.replace(/[ \t]+$/, ''));
    const dmarcRecords = texts.filter((t) => DMARC_VERSION.test(t));
    lookups.push({
      name: `_dmarc.${name}`,
      outcome: txt.outcome,
      dmarcRecords,
      otherRecords: texts.filter((t) => !DMARC_VERSION.test(t)),
    });
    if (isIndeterminate(txt.outcome))
      throw Object.assign(new Error(txt.error ?? 'DNS error'), { code: 'ETIMEOUT', dcbName: name, dcbOutcome: txt.outcome });
    if (dmarcRecords.length > 1) {
      multipleAt ??= `_dmarc.${name}`;
      return false;
    }
    return dmarcRecords.length === 1 ? (dmarcLib.parseDmarcRecord(dmarcRecords[0]!, { warnings }) ?? false) : false;
  };

  const facts: DmarcFacts = {
    domain,
    pslOrgDomain: orgDomainOf(domain),
    treeWalkOrgDomain: null,
    lookups,
    inherited: false,
    unknownTags: [],
    parseWarnings: [],
    rua: [],
  };
  const apex = apexTxt.records.find((r) => DMARC_VERSION.test(r.text.trim()));
  if (apex) facts.apexRecord = apex.text;

  let discovered;
  try {
    discovered = await dmarcLib.discoverPolicy(domain, lookup);
  } catch (err) {
    const e = err as { dcbName?: string; dcbOutcome?: LookupOutcome };
    facts.error = { name: `_dmarc.${e.dcbName ?? domain}`, outcome: e.dcbOutcome ?? outcomeOf(err) };
  }
  facts.multipleAt = multipleAt;
  const own = lookups.find((l) => l.name === `_dmarc.${domain}`);
  const spfHere = own?.otherRecords.find((t) => /^v=spf1/i.test(t.trim()));
  if (spfHere) facts.spfAtDmarc = spfHere;
  const spaced = own?.otherRecords.filter((t) => t !== t.trimStart() && DMARC_VERSION.test(t.trimStart()));
  if (spaced?.length) facts.leadingSpace = spaced;

  if (discovered) {
    facts.treeWalkOrgDomain = discovered.orgDomain;
    if (discovered.error && !facts.error) {
      const e = discovered.error as { dcbName?: string; dcbOutcome?: LookupOutcome };
      // The record at the domain applies; only the organisational-domain part of the walk failed.
      facts.parseWarnings.push(`organisational domain lookup failed at _dmarc.${e.dcbName ?? '?'}`);
    }
    if (discovered.record) {
      const rec = discovered.record;
      facts.policyDomain = discovered.recordDomain ?? domain;
      facts.inherited = facts.policyDomain !== domain;
      facts.record = rec.rr;
      const tags: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(rec)) {
        if (k === 'rr' || !/^[a-z][a-z0-9_-]*$/i.test(k)) continue;
        if (typeof v === 'string' || typeof v === 'number') tags[k] = v;
      }
      facts.tags = tags;
      facts.unknownTags = Object.keys(tags).filter((k) => !KNOWN_TAGS.has(k));
      const ruaList = typeof rec.rua === 'string' ? rec.rua.split(',').filter((u) => u.trim()) : [];
      facts.rua = await Promise.all(ruaList.slice(0, MAX_RUA_CHECKED).map((u) => checkRua(dns, u, facts.policyDomain!)));
      if (ruaList.length > MAX_RUA_CHECKED) facts.parseWarnings.push(`only the first ${MAX_RUA_CHECKED} rua addresses were checked`);
    }
  }
  facts.parseWarnings.push(...warnings);
  return facts;
}
