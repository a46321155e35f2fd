import type { Settings } from '../../shared/contract/settings';
import type { DomainProbeOptions } from './run-domain-probe';

// The probe's options from the consultant's DNS and SMTP settings: the app's checks, batch renewal and the
// command line (with its flags on top) all start from these.

// What a host may say over the user's settings (backend/ports.ts, probeRouting): the CLI's flags (DNS
// servers, the SMTP port, the MTA-STS port, extra CAs) and the test labs' (a port per MX, short timeouts).
export interface DomainLabOptions {
  dnsServers?: string[];
  smtpPort?: number;
  smtpPortFor?: (mx: string, ip: string) => number;
  mtaStsPort?: number;
  extraCa?: string[];
  gapMs?: number;
  connectTimeoutMs?: number;
  preflightTimeoutMs?: number;
}

export function probeOptionsFromSettings(settings: Settings, lab: DomainLabOptions = {}): DomainProbeOptions {
  return {
    dns: {
      servers: lab.dnsServers?.length ? lab.dnsServers : settings.dns.servers,
      timeoutMs: settings.dns.timeoutMs,
      tries: settings.dns.tries,
    },
    smtp: {
      port: lab.smtpPort ?? settings.smtp.port,
      bannerTimeoutMs: settings.smtp.bannerTimeoutSeconds * 1000,
      commandTimeoutMs: settings.smtp.commandTimeoutSeconds * 1000,
      portFor: lab.smtpPortFor,
      gapMs: lab.gapMs,
      connectTimeoutMs: lab.connectTimeoutMs,
      preflightTimeoutMs: lab.preflightTimeoutMs,
    },
    mtaSts: lab.mtaStsPort ? { httpsPort: lab.mtaStsPort } : undefined,
    extraCa: lab.extraCa,
  };
}
