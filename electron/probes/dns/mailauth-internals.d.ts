// Types for the mailauth (7.1.x) modules we use that ship without declarations. Re-check on upgrade:
// v7 changed the DMARC result shape (RFC 9989), and these are internal entry points.
declare module 'mailauth/lib/dmarc/get-dmarc-record.js' {
  export interface ParsedDmarcRecord {
    v?: string;
    p?: string;
    sp?: string;
    np?: string;
    pct?: number;
    t?: string;
    psd?: string;
    rua?: string;
    ruf?: string;
    adkim?: string;
    aspf?: string;
    fo?: string;
    rr: string;
    [tag: string]: unknown;
  }
  export type DmarcRecordLookup = (name: string) => Promise<ParsedDmarcRecord | false>;
  export interface DiscoveredPolicy {
    record: ParsedDmarcRecord | false;
    recordDomain: string | null;
    orgDomain: string | null;
    orgRecord: ParsedDmarcRecord | false | null;
    error?: unknown;
  }
  interface GetDmarcRecord {
    (domain: string, resolver?: (name: string, rrtype: string) => Promise<unknown>, opts?: { strict?: boolean }): Promise<unknown>;
    discoverPolicy(domain: string, lookup: DmarcRecordLookup): Promise<DiscoveredPolicy>;
    parseDmarcRecord(txt: string, opts?: { strict?: boolean; warnings?: Set<string> }): ParsedDmarcRecord | null;
    getPolicyTags(record: ParsedDmarcRecord): { p: string; sp?: string; np?: string } | null;
  }
  const getDmarcRecord: GetDmarcRecord;
  export default getDmarcRecord;
}
