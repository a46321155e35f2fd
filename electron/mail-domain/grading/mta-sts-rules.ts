import type { DomainFinding } from '../../../shared/contract/domain-checks';
import { isIndeterminate } from '../../probes/dns/resolver';
import type { MtaStsFacts } from '../../probes/dns/mta-sts';
import { policyId, txtInstruction, type GradeContext } from './context';
import { dnsIndeterminate, statusOf, toFinding, type Reason } from './verdict';
import { utcDateOf } from '../../../shared/domain/dates';

// MTA-STS (RFC 8461). Target: mode enforce. Absent or testing warns; a policy in enforce mode that leaves an
// MX out or is served with a bad certificate fails, because senders that honour it will then refuse to
// deliver. security.gov.uk: publish TLS-RPT first, then MTA-STS in testing, then enforce.

const ONE_WEEK = 604_800;

function suggestedPolicy(mxHosts: readonly string[], mode: 'testing' | 'enforce'): string {
  return ['version: STSv1', `mode: ${mode}`, ...mxHosts.map((m) => `mx: ${m}`), `max_age: ${ONE_WEEK}`].join('\r\n') + '\r\n';
}

function setupFix(f: MtaStsFacts, ctx: GradeContext, mode: 'testing' | 'enforce'): string {
  return [
    txtInstruction(f.txtName, `v=STSv1; id=${policyId(ctx.now)}`),
    `Serve this file at https://${f.policyHost}/.well-known/mta-sts.txt (HTTP 200, Content-Type text/plain, CRLF line endings, a certificate valid for ${f.policyHost}):`,
    ...suggestedPolicy(ctx.mxHosts, mode)
      .trimEnd()
      .split('\r\n')
      .map((l) => `  ${l}`),
    'Change the id in the TXT record whenever the policy changes.',
  ].join('\n');
}

export function gradeMtaSts(f: MtaStsFacts, ctx: GradeContext): DomainFinding {
  if (isIndeterminate(f.txtOutcome)) return dnsIndeterminate('dns.mta-sts', f.txtName, f.txtOutcome, ctx.dnsServers);
  const found: string[] = f.stsRecords.map((r) => `${f.txtName} TXT "${r.text}"`);
  const reasons: Reason[] = [];
  const data: Record<string, unknown> = { mode: f.policy?.mode ?? null, maxAge: f.policy?.maxAge ?? null, id: f.id ?? null };

  if (f.stsRecords.length === 0) {
    found.push(`${f.txtName}: no MTA-STS record`);
    reasons.push({
      severity: 'warn',
      text: 'No MTA-STS policy: sending servers cannot learn that mail to this domain must be encrypted, so a network attacker can strip STARTTLS',
      fix: `Publish TLS-RPT first (see that check), then:\n${setupFix(f, ctx, 'testing')}\nAfter a few weeks of clean TLS reports, change mode to enforce.`,
    });
    return toFinding({ check: 'dns.mta-sts', target: f.txtName, passSummary: '', found, reasons, data });
  }
  if (f.stsRecords.length > 1) {
    reasons.push({
      severity: 'warn',
      text: `${f.txtName} has ${f.stsRecords.length} MTA-STS records, so senders ignore MTA-STS`,
      fix: `Keep one record: v=STSv1; id=${policyId(ctx.now)}`,
    });
    return toFinding({ check: 'dns.mta-sts', target: f.txtName, passSummary: '', found, reasons, data });
  }
  if (!f.idValid)
    reasons.push({
      severity: 'warn',
      text: `The record's id ("${f.id ?? ''}") must be 1–32 letters and digits`,
      fix: txtInstruction(f.txtName, `v=STSv1; id=${policyId(ctx.now)}`),
    });
  else if (!f.recordStrict)
    reasons.push({ severity: 'note', text: 'The TXT record does not follow the RFC 8461 syntax exactly; lenient senders accept it' });

  // The policy host and file.
  const fetch = f.fetch;
  if (!f.hostAddresses.length) {
    const why = f.hostOutcome && isIndeterminate(f.hostOutcome) ? 'could not be looked up (DNS error)' : 'has no address in the DNS';
    reasons.push({
      severity: 'warn',
      text: `The policy host ${f.policyHost} ${why}, so senders cannot fetch the policy`,
      fix: setupFix(f, ctx, 'testing'),
    });
  } else if (fetch) {
    found.push(
      `GET ${fetch.url} (at ${fetch.ip}) → ${fetch.status ? `HTTP ${fetch.status}` : fetch.outcome}${fetch.contentType ? `, ${fetch.contentType}` : ''}`,
    );
    if (fetch.body)
      found.push(
        ...fetch.body
          .split(/\r?\n/)
          .filter(Boolean)
          .slice(0, 30)
          .map((l) => `  ${l}`),
      );
    if (fetch.certificate) {
      const c = fetch.certificate;
      found.push(`certificate: ${c.subject} · issued by ${c.issuer} · valid until ${utcDateOf(c.notAfter)}`);
    }
  }

  const enforce = f.policy?.mode === 'enforce';
  const broken = (text: string, fix?: string) => reasons.push({ severity: enforce ? 'fail' : 'warn', text, fix });
  if (fetch && fetch.outcome !== 'ok') {
    const text = {
      redirect: `The policy URL redirects (HTTP ${fetch.status} to ${fetch.location ?? '?'}); RFC 8461 forbids following redirects, so senders ignore the policy`,
      'http-status': `The policy URL answers HTTP ${fetch.status}`,
      timeout: `The policy server did not answer in time`,
      'connect-failed': `Could not connect to ${f.policyHost} (${fetch.ip}:${fetch.port}): ${fetch.error ?? ''}`,
      'tls-failed': `The TLS handshake with ${f.policyHost} failed: ${fetch.error ?? ''}`,
      'too-large': 'The policy file is larger than 64 KB',
      ok: '',
    }[fetch.outcome];
    reasons.push({ severity: 'warn', text: `${text}, so senders cannot use the policy`, fix: setupFix(f, ctx, 'testing') });
  }
  if (fetch?.certificate) {
    if (fetch.hostnameMatch === false)
      broken(
        `The HTTPS certificate is not valid for ${f.policyHost}; senders must ignore the policy`,
        `Serve https://${f.policyHost} with a certificate whose subjectAltName includes ${f.policyHost}.`,
      );
    if (fetch.trusted === false)
      broken(
        `The HTTPS certificate is not trusted (${fetch.authorizationError ?? 'unknown issuer'}); senders must ignore the policy`,
        `Use a certificate from a public CA (e.g. Let's Encrypt) with its full chain.`,
      );
  }
  if (fetch?.outcome === 'ok') {
    const mediaType = (fetch.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'text/plain')
      broken(
        `The policy is served as "${fetch.contentType ?? 'no Content-Type'}" instead of text/plain`,
        'Serve /.well-known/mta-sts.txt with Content-Type: text/plain.',
      );
    if (fetch.lineEndings === 'lf' || fetch.lineEndings === 'mixed')
      reasons.push({
        severity: 'warn',
        text: 'The policy file uses LF line endings; RFC 8461 specifies CRLF and strict parsers may reject it',
        fix: 'Save the policy file with CRLF line endings.',
      });
  }
  if (fetch?.body !== undefined && !f.policy) {
    reasons.push({
      severity: 'warn',
      text: `The policy file cannot be read: ${f.policyError ?? 'unknown error'}`,
      fix: setupFix(f, ctx, 'testing'),
    });
  } else if (f.policy) {
    if (f.policyLaxOnly)
      reasons.push({
        severity: 'warn',
        text: `The policy file is not strictly valid (${f.policyError}); strict senders ignore it`,
        fix: `Use exactly this format:\n${suggestedPolicy(ctx.mxHosts, f.policy.mode === 'none' ? 'testing' : f.policy.mode)}`,
      });
    const misses = f.mxMatches.filter((m) => !m.matched);
    for (const m of misses) {
      broken(
        `MX ${m.mx} is not covered by the policy's mx: lines (${f.policy.mx.join(', ') || 'none'}); "*.example.com" covers exactly one label`,
        `Add "mx: ${m.mx}" to the policy file and change the id in ${f.txtName}.`,
      );
    }
    if (f.mxMatches.some((m) => !m.mailauthAgrees))
      reasons.push({
        severity: 'note',
        text: 'Our one-label wildcard matching and mailauth disagree on an MX; ours (RFC 8461 §4.1) is applied',
      });
    if (f.policy.mode === 'testing') {
      reasons.push({
        severity: 'warn',
        text: 'The policy is in testing mode: senders report failures but still deliver without TLS',
        fix: `When TLS reports are clean, change "mode: testing" to "mode: enforce" in the policy file and update the id in ${f.txtName}.`,
      });
    } else if (f.policy.mode === 'none') {
      reasons.push({ severity: 'warn', text: 'The policy mode is none: MTA-STS is switched off', fix: setupFix(f, ctx, 'testing') });
    } else if (statusOf(reasons) === 'pass') {
      reasons.push({
        severity: 'pass',
        text: `The policy enforces TLS with a valid certificate for ${ctx.mxHosts.length === 1 ? 'the MX host' : `all ${ctx.mxHosts.length} MX hosts`}`,
      });
    }
    if (f.policy.maxAge < 86_400)
      reasons.push({
        severity: 'warn',
        text: `max_age is ${f.policy.maxAge} s; senders forget the policy within a day (a week or more is usual)`,
        fix: `Set max_age: ${ONE_WEEK} or more.`,
      });
  }
  const status = statusOf(reasons);
  return toFinding({
    check: 'dns.mta-sts',
    target: f.txtName,
    passSummary: status === 'pass' ? `MTA-STS enforces TLS (max_age ${f.policy?.maxAge} s)` : '',
    found,
    reasons,
    data,
  });
}
