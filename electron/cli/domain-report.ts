import type { DomainReport } from '../../shared/contract/domain-checks';
import { CHECKS } from '../../shared/domain/checks';
import { utcDateOf } from '../../shared/domain/dates';

// The report as the CLI prints it: `--json` gives exactly
// { domain, checkedAt, resolver, findings: [{ check, status, reason?, target?, detail }], transport: [{ mx,
// ip, port, starttls, protocol, cipher, certificate }] }, where `detail` carries the summary, the
// explanation, the fix and the structured facts; without --json, a table a consultant can read.

interface CliFinding {
  check: string;
  status: string;
  reason?: string;
  target?: string;
  detail: { summary: string; explanation?: string; remediation?: string; data?: Record<string, unknown> };
}

export interface CliReport {
  domain: string;
  checkedAt: string;
  resolver: DomainReport['resolver'];
  network?: DomainReport['network'];
  findings: CliFinding[];
  transport: Pick<DomainReport['transport'][number], 'mx' | 'ip' | 'port' | 'starttls' | 'protocol' | 'cipher' | 'certificate'>[];
}

export function toCliJson(r: DomainReport): CliReport {
  return {
    domain: r.domain,
    checkedAt: r.checkedAt,
    resolver: r.resolver,
    ...(r.network ? { network: r.network } : {}),
    findings: r.findings.map((f) => ({
      check: f.check,
      status: f.status,
      ...(f.reason ? { reason: f.reason } : {}),
      ...(f.target ? { target: f.target } : {}),
      detail: {
        summary: f.summary,
        ...(f.detail ? { explanation: f.detail } : {}),
        ...(f.remediation ? { remediation: f.remediation } : {}),
        ...(f.data ? { data: f.data } : {}),
      },
    })),
    transport: r.transport.map((t) => ({
      mx: t.mx,
      ip: t.ip,
      port: t.port,
      starttls: t.starttls,
      protocol: t.protocol,
      cipher: t.cipher,
      certificate: t.certificate,
    })),
  };
}

const LABEL: Record<string, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', 'not-assessable': 'N/T' };

export function toCliText(r: DomainReport): string {
  const width = Math.max(...r.findings.map((f) => f.check.length));
  const lines = [
    `Mail domain ${r.displayDomain} — checked ${r.checkedAt} in ${(r.durationMs / 1000).toFixed(1)} s`,
    `DNS: ${r.resolver.servers.join(', ')} (answered: ${r.resolver.answeredBy.join(', ') || 'none'}) · SMTP port ${r.smtpPort}`,
    '',
    ...(r.network ? [`NOT ASSESSED: ${r.network.summary}.`, ...r.network.explanation.map((l) => `  ${l}`), ''] : []),
    ...r.findings.map(
      (f) =>
        `${(LABEL[f.status] ?? f.status).padEnd(4)}  ${f.check.padEnd(width)}  ${f.target ?? ''}\n      ${f.summary}${f.reason ? ` [${f.reason}]` : ''}`,
    ),
  ];
  if (r.transport.length) {
    lines.push('', 'Mail servers:');
    for (const t of r.transport) {
      const cert = t.certificate
        ? `${t.certificate.hostnameMatch ? 'name ok' : 'NAME MISMATCH'}, ${t.certificate.trusted ? 'trusted' : 'UNTRUSTED'}, until ${utcDateOf(t.certificate.notAfter)}`
        : '';
      lines.push(
        `  ${t.mx} ${t.ip}:${t.port}  STARTTLS ${t.starttls}${t.protocol ? `  ${t.protocol} ${t.cipher}` : ''}${cert ? `  certificate ${cert}` : ''}`,
      );
    }
  }
  const fixes = r.findings.filter((f) => (f.status === 'fail' || f.status === 'warn') && f.remediation);
  if (fixes.length) {
    lines.push('', 'To fix:');
    for (const f of fixes)
      lines.push(`  ${CHECKS[f.check as keyof typeof CHECKS]?.title ?? f.check}:`, ...f.remediation!.split('\n').map((l) => `    ${l}`));
  }
  lines.push('', `Rules: ${r.rulesetVersion}`);
  return lines.join('\n');
}
