import type { Settings } from '../../shared/contract/settings';
import type { DomainProbeOptions } from './run-domain-probe';

// The probe's options from the consultant's DNS and SMTP settings: the app's checks, batch renewal and the
// command line (with its flags on top) all start from these.

// Lab and test settings that are not user settings: a port per MX, the MTA-STS HTTPS port, extra CAs.
export interface DomainLabOptions {
  smtpPortFor?: (mx: string, ip: string) => number;
  mtaStsPort?: number;
  extraCa?: string[];
  gapMs?: number;
  connectTimeoutMs?: number;
  preflightTimeoutMs?: number;
}

export function probeOptionsFromSettings(settings: Settings, lab: DomainLabOptions = {}): DomainProbeOptions {
  return {
    dns: { servers: settings.dns.servers, timeoutMs: settings.dns.timeoutMs, tries: settings.dns.tries },
    smtp: {
      port: settings.smtp.port,
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
