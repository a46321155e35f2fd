import { readFileSync } from 'node:fs';
import { DnsServer } from '../../shared/contract/settings';
import type { DomainLabOptions } from '../mail-domain/probe-options';
import { UsageError } from './cli-types';

// The flags every command that checks mail domains shares: which DNS servers to ask and, for labs and tests,
// which SMTP and MTA-STS ports to use and which extra CAs to trust. One parser, so `probe domain` and
// `renew` cannot drift apart.

export const MAIL_LAB_FLAGS = {
  'dns-server': { type: 'string', multiple: true },
  'smtp-port': { type: 'string' },
  'mta-sts-port': { type: 'string' },
  'ca-file': { type: 'string', multiple: true },
} as const;

export const MAIL_LAB_HELP = `  --dns-server  A DNS server to ask (IP, optionally :port); repeat for fallbacks. Default: Settings › DNS
  --smtp-port   The SMTP port to test on each MX (default 25; other ports are for labs and tests)`;

export interface MailLabValues {
  'dns-server'?: string[];
  'smtp-port'?: string;
  'mta-sts-port'?: string;
  'ca-file'?: string[];
}

const port = (flag: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`${flag} must be a port number (1–65535).`);
  return n;
};

// Checks the flags before the workspace opens, so a typo is a usage error and nothing runs. What they name
// overrides the user's settings for this command: the backend opens with it as its mail-domain routing.
export function parseMailLabFlags(values: MailLabValues): DomainLabOptions {
  const servers = (values['dns-server'] ?? []).map((v) => {
    const r = DnsServer.safeParse(v);
    if (!r.success) throw new UsageError(`--dns-server ${v}: ${r.error.issues[0]?.message}`);
    return r.data;
  });
  const smtpPort = port('--smtp-port', values['smtp-port']);
  const mtaStsPort = port('--mta-sts-port', values['mta-sts-port']);
  const extraCa = (values['ca-file'] ?? []).map((f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch (err) {
      throw new UsageError(`--ca-file ${f}: ${(err as Error).message}`);
    }
  });
  return {
    ...(servers.length ? { dnsServers: servers } : {}),
    ...(smtpPort !== undefined ? { smtpPort } : {}),
    ...(mtaStsPort !== undefined ? { mtaStsPort } : {}),
    ...(extraCa.length ? { extraCa } : {}),
  };
}
