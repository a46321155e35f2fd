import type { RecordType } from 'dns-packet';
import { rawQuery } from './raw-query';
import type { ResolverConfig } from './resolver';

// node:dns cannot return the AD bit, so we send our own query (DO set, AD requested) to the same
// servers and read the flag. This trusts the resolver's validation: we record which one answered.
// SERVFAIL that turns into an answer with CD (checking disabled) set is how a validating resolver says
// "bogus" — worse than unsigned.

export type DnssecState = 'secure' | 'insecure' | 'bogus' | 'indeterminate';

interface DnssecNameFacts {
  name: string;
  type: RecordType;
  state: DnssecState;
  server?: string;
  rcode?: string;
  transport?: 'udp' | 'tcp';
  error?: string;
}

export interface DnssecFacts {
  domain: DnssecNameFacts;
  mxHosts: DnssecNameFacts[];
}

async function checkName(name: string, type: RecordType, cfg: ResolverConfig, deadline?: number): Promise<DnssecNameFacts> {
  let lastError = 'no server answered';
  for (const server of cfg.servers) {
    for (let attempt = 0; attempt < cfg.tries; attempt++) {
      if (deadline !== undefined && Date.now() >= deadline) return { name, type, state: 'indeterminate', error: 'time limit reached' };
      try {
        const a = await rawQuery(server, name, type, { dnssecOk: true, timeoutMs: cfg.timeoutMs });
        if (a.rcode === 'SERVFAIL') {
          const cd = await rawQuery(server, name, type, { dnssecOk: true, checkingDisabled: true, timeoutMs: cfg.timeoutMs });
          if (cd.rcode === 'NOERROR' || cd.rcode === 'NXDOMAIN')
            return { name, type, state: 'bogus', server, rcode: a.rcode, transport: a.transport };
          lastError = `SERVFAIL from ${server}`;
          break;
        }
        if (a.rcode === 'REFUSED') {
          lastError = `REFUSED by ${server}`;
          break;
        }
        return { name, type, state: a.authenticData ? 'secure' : 'insecure', server, rcode: a.rcode, transport: a.transport };
      } catch (err) {
        lastError = `${(err as NodeJS.ErrnoException).code ?? 'error'} from ${server}`;
      }
    }
  }
  return { name, type, state: 'indeterminate', error: lastError };
}

export async function gatherDnssec(
  domain: string,
  mxHosts: readonly string[],
  cfg: ResolverConfig,
  deadline?: number,
): Promise<DnssecFacts> {
  const [d, ...mx] = await Promise.all([
    checkName(domain, 'SOA', cfg, deadline),
    ...mxHosts.slice(0, 10).map((h) => checkName(h, 'A', cfg, deadline)),
  ]);
  return { domain: d!, mxHosts: mx };
}
