import { DnsLookupError, outcomeOf, type DnsResolverPort, type LookupOutcome } from './resolver';

// TXT answers as records: the character-strings of one record are joined with no separator (RFC 7208
// §3.3, as mailauth does), and we keep what the SPF size rules need.

export interface TxtRecord {
  text: string;
  // Number of character-strings the record was split into, and the longest one in bytes.
  strings: number;
  longestString: number;
  bytes: number;
}

export interface TxtAnswer {
  name: string;
  outcome: LookupOutcome;
  error?: string;
  records: TxtRecord[];
}

const MAX_RECORDS = 50;
const MAX_TEXT = 16_384;

export function toRecord(strings: readonly string[]): TxtRecord {
  const text = strings.join('');
  return {
    text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text,
    strings: strings.length,
    longestString: Math.max(0, ...strings.map((s) => Buffer.byteLength(s))),
    bytes: Buffer.byteLength(text),
  };
}

export async function readTxt(dns: DnsResolverPort, name: string): Promise<TxtAnswer> {
  try {
    const rows = await dns.txt(name);
    return { name, outcome: 'answer', records: rows.slice(0, MAX_RECORDS).map(toRecord) };
  } catch (err) {
    return { name, outcome: outcomeOf(err), error: err instanceof DnsLookupError ? err.message : String(err), records: [] };
  }
}
