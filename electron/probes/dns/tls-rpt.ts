import { readTxt, type TxtRecord } from './txt';
import type { DnsResolverPort, LookupOutcome } from './resolver';

// `_smtp._tls.<domain>`: exactly one `v=TLSRPTv1; rua=mailto:…|https://…` (RFC 8460 §3).

const RETIRED_COLLECTORS = ['mailcheck.service.ncsc.gov.uk'];

export interface TlsRptFacts {
  name: string;
  outcome: LookupOutcome;
  error?: string;
  records: TxtRecord[];
  rua: { uri: string; valid: boolean; retired: boolean }[];
  syntaxOk: boolean;
}

const PREFIX = /^v=TLSRPTv1\s*(;|$)/;

export function parseRua(value: string): TlsRptFacts['rua'] {
  return value
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
    .map((uri) => {
      const mail = /^mailto:([^@\s]+)@([^@\s?]+)/i.exec(uri);
      const web = /^https:\/\/([^/\s:]+)/i.exec(uri);
      const host = (mail?.[2] ?? web?.[1] ?? '').toLowerCase();
      return { uri, valid: Boolean(mail || web), retired: RETIRED_COLLECTORS.some((c) => host === c || host.endsWith(`.${c}`)) };
    });
}

export async function gatherTlsRpt(dns: DnsResolverPort, domain: string): Promise<TlsRptFacts> {
  const name = `_smtp._tls.${domain}`;
  const txt = await readTxt(dns, name);
  const records = txt.records.filter((r) => PREFIX.test(r.text.trim()));
  const facts: TlsRptFacts = { name, outcome: txt.outcome, error: txt.error, records, rua: [], syntaxOk: false };
  if (records.length !== 1) return facts;
  const fields = records[0]!.text
    .split(';')
    .map((f) => f.trim())
    .filter(Boolean);
  const rua = fields.find((f) => /^rua\s*=/i.test(f));
  facts.rua = rua ? parseRua(rua.slice(rua.indexOf('=') + 1)) : [];
  facts.syntaxOk = fields[0] === 'v=TLSRPTv1' && facts.rua.length > 0 && facts.rua.every((r) => r.valid);
  return facts;
}
