// The syntax of a DMARC record, tag by tag, as data: what each tag may hold and where that is written.
// RFC 7489 §6.3–6.4 is the version receivers run today; RFC 9989 (DMARCbis) adds np, t and psd and drops
// pct, rf and ri (still validated: a receiver on RFC 7489 reads them). A record must begin exactly with
// "v=DMARC1" (RFC 7489 §6.4, RFC 9989 §4.7: records that do not are discarded), and a tag given twice
// makes the tag-list invalid (RFC 9989 §4.7 applies the tag-list rules of RFC 6376 §3.2).

type DmarcPolicyValue = 'none' | 'quarantine' | 'reject';

export interface DmarcTagRule {
  test: (value: string) => boolean;
  expected: string;
  source: string;
}

const oneOf =
  (...values: string[]) =>
  (v: string) =>
    values.includes(v.toLowerCase());
const colonList = (item: RegExp) => (v: string) => v.split(':').every((x) => item.test(x.trim()));
const uint = (max: number) => (v: string) => /^\d{1,10}$/.test(v) && Number(v) <= max;

// A DMARC URI (RFC 7489 §6.2): a URI with an optional "!size" limit; for mailto:, one address.
export function validDmarcUri(raw: string): boolean {
  const uri = raw.trim().replace(/![0-9]+[kmgt]?$/i, '');
  const m = /^([a-z][a-z0-9+.-]*):([^\s,!;]+)$/i.exec(uri);
  if (!m) return false;
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'https') return /^\/\/[a-z0-9.-]+(?::\d+)?(?:\/\S*)?$/i.test(m[2]!);
  if (scheme !== 'mailto') return false;
  let address: string;
  try {
    address = decodeURIComponent(m[2]!.split('?')[0]!);
  } catch {
    return false;
  }
  return /^[^@\s]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i.test(address);
}

const POLICY: DmarcTagRule = { test: oneOf('none', 'quarantine', 'reject'), expected: 'none, quarantine or reject', source: '' };

export const DMARC_TAG_RULES: Record<string, DmarcTagRule> = {
  p: { ...POLICY, source: 'RFC 7489 §6.3, RFC 9989 §4.7' },
  sp: { ...POLICY, source: 'RFC 7489 §6.3, RFC 9989 §4.7' },
  np: { ...POLICY, source: 'RFC 9989 §4.7' },
  adkim: { test: oneOf('r', 's'), expected: 'r (relaxed) or s (strict)', source: 'RFC 7489 §6.3, RFC 9989 §4.7' },
  aspf: { test: oneOf('r', 's'), expected: 'r (relaxed) or s (strict)', source: 'RFC 7489 §6.3, RFC 9989 §4.7' },
  fo: { test: colonList(/^[01ds]$/i), expected: 'a colon-separated list of 0, 1, d and s', source: 'RFC 7489 §6.3, RFC 9989 §4.7' },
  rf: { test: colonList(/^afrf$/i), expected: 'afrf', source: 'RFC 7489 §6.3' },
  ri: { test: uint(4_294_967_295), expected: 'a whole number of seconds', source: 'RFC 7489 §6.3' },
  pct: { test: uint(100), expected: 'a whole number from 0 to 100', source: 'RFC 7489 §6.3' },
  t: { test: oneOf('y', 'n'), expected: 'y or n', source: 'RFC 9989 §4.7' },
  psd: { test: oneOf('y', 'n', 'u'), expected: 'y, n or u', source: 'RFC 9989 §4.7' },
  rua: {
    test: (v) => v.split(',').every((u) => validDmarcUri(u)),
    expected: 'a comma-separated list of mailto: (or https:) addresses',
    source: 'RFC 7489 §6.2–6.3, RFC 9989 §4.7',
  },
  ruf: {
    test: (v) => v.split(',').every((u) => validDmarcUri(u)),
    expected: 'a comma-separated list of mailto: (or https:) addresses',
    source: 'RFC 7489 §6.2–6.3',
  },
};

// "v=DMARC1" first, with *WSP around "=" (RFC 7489 §6.4 ABNF); nothing before it, not even a space.
export const DMARC_VERSION = /^[vV][ \t]*=[ \t]*DMARC1[ \t]*(?:;|$)/;

interface DmarcTag {
  name: string;
  value: string;
}

export interface DmarcSyntax {
  // The record begins exactly with v=DMARC1 (else receivers discard it).
  version: boolean;
  tags: DmarcTag[];
  // The first occurrence of each tag (what a repaired record keeps).
  first: Record<string, string>;
  duplicates: string[];
  invalid: (DmarcTag & { expected: string; source: string })[];
  unknown: string[];
  // Parts without "=" (not a tag at all).
  junk: string[];
}

export function parseDmarcTags(record: string): DmarcSyntax {
  const version = DMARC_VERSION.test(record);
  const tags: DmarcTag[] = [];
  const junk: string[] = [];
  for (const part of record.split(';')) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq <= 0) {
      junk.push(p);
      continue;
    }
    tags.push({ name: p.slice(0, eq).trim().toLowerCase(), value: p.slice(eq + 1).trim() });
  }
  const first: Record<string, string> = {};
  const duplicates: string[] = [];
  for (const t of tags) {
    if (t.name in first) {
      if (!duplicates.includes(t.name)) duplicates.push(t.name);
    } else first[t.name] = t.value;
  }
  const invalid: DmarcSyntax['invalid'] = [];
  const unknown: string[] = [];
  for (const t of tags.slice(version ? 1 : 0)) {
    const rule = DMARC_TAG_RULES[t.name];
    if (t.name === 'v') continue;
    if (!rule) {
      if (!unknown.includes(t.name)) unknown.push(t.name);
    } else if (!rule.test(t.value)) invalid.push({ ...t, expected: rule.expected, source: rule.source });
  }
  return { version, tags, first, duplicates, invalid, unknown, junk };
}

// A record every receiver accepts: v=DMARC1, a valid p=, and no duplicate, unknown or invalid tag.
export function isValidDmarc(record: string): boolean {
  const s = parseDmarcTags(record);
  return (
    s.version &&
    s.tags[0]?.name === 'v' &&
    s.duplicates.length === 0 &&
    s.invalid.length === 0 &&
    s.unknown.length === 0 &&
    s.junk.length === 0 &&
    DMARC_TAG_RULES.p!.test(s.first.p ?? '')
  );
}

export interface RepairOptions {
  policy?: DmarcPolicyValue;
  // Replace (or, with null, drop) the subdomain policy.
  sp?: DmarcPolicyValue | null;
  // Added when the record has no valid rua.
  rua?: string;
  dropTestMode?: boolean;
  dropPct?: boolean;
}

// The record as it should be published: v=DMARC1 and p= first, then every other known tag whose value is
// valid, each once (the first occurrence), in the order given. Unknown, invalid and duplicate tags go.
// Every fix the DMARC grader suggests is built here, so each one validates (dmarc-rules.test.ts).
export function repairDmarc(record: string, o: RepairOptions = {}): string {
  const s = parseDmarcTags(record);
  const keep = new Map<string, string>();
  for (const t of s.tags) {
    const rule = DMARC_TAG_RULES[t.name];
    if (t.name === 'v' || t.name === 'rua' || t.name === 'ruf' || !rule || keep.has(t.name) || !rule.test(t.value)) continue;
    if (s.tags.find((x) => x.name === t.name) !== t) continue;
    keep.set(t.name, t.value.toLowerCase());
  }
  // A report address list keeps its valid entries even when one entry is not.
  for (const name of ['rua', 'ruf']) {
    const t = s.tags.find((x) => x.name === name);
    const uris = t?.value
      .split(',')
      .map((u) => u.trim())
      .filter(validDmarcUri);
    if (uris?.length) keep.set(name, uris.join(','));
  }
  const p = o.policy ?? (keep.get('p') as DmarcPolicyValue | undefined) ?? 'quarantine';
  keep.delete('p');
  if (o.sp === null) keep.delete('sp');
  else if (o.sp) keep.set('sp', o.sp);
  if (o.dropTestMode) keep.delete('t');
  if (o.dropPct) keep.delete('pct');
  if (o.rua && !keep.has('rua')) keep.set('rua', o.rua);
  return ['v=DMARC1', `p=${p}`, ...[...keep].map(([k, v]) => `${k}=${v}`)].join('; ');
}
