import type { DomainFinding, StarttlsState, TransportEntry } from '../../../shared/contract/domain-checks';
import type { NotAssessableReason } from '../../../shared/contract/findings';
import type { CheckId } from '../../../shared/domain/checks';
import type { CertInfo } from '../../probes/smtp/cert-info';
import type { HostProbe, SmtpPhase } from '../../probes/smtp/probe-mx';
import type { AddressProbe } from '../../probes/smtp/starttls-probe';
import type { TlsVersionName } from '../../probes/smtp/session';
import type { GradeContext } from './context';
import { RATING_WORDS, TLS_VERSION_RATING, rateCipher, rateKeyExchange, rateSignature, type TlsRating } from './tls-rules';
import { assessCertificate } from './certificate-rules';
import { notAssessable, toFinding, type Reason } from './verdict';
import { utcDateOf } from '../../../shared/domain/dates';

// STARTTLS, TLS and the certificate, per MX host (every address of it that we could reach). A transport problem we cannot attribute
// to the domain — port 25 blocked here, a firewall masking STARTTLS, a 421 rate limit, our own OpenSSL —
// is "not assessable", never a failure.

const SMTP_CHECKS = ['smtp.starttls', 'smtp.tls-version', 'smtp.cipher', 'smtp.certificate'] as const satisfies readonly CheckId[];

const RATING_SEVERITY: Record<TlsRating, Reason['severity']> = {
  good: 'pass',
  sufficient: 'pass',
  'phase-out': 'warn',
  insufficient: 'fail',
  unknown: 'note',
};

const STARTTLS_NA: Partial<Record<StarttlsState, { reason: NotAssessableReason; text: string }>> = {
  refused: { reason: 'refused', text: 'refused our connection (busy, rate limit or a blocklist)' },
  unreachable: { reason: 'unreachable', text: 'could not be reached' },
  timeout: { reason: 'unreachable', text: 'did not answer in time' },
  intercepted: { reason: 'intercepted', text: 'was masked by a firewall on this network (SMTP inspection hides STARTTLS)' },
  malformed: { reason: 'malformed-response', text: 'did not answer like a mail server' },
};

export function starttlsState(a: AddressProbe): StarttlsState {
  const m = a.main;
  switch (m.outcome) {
    case 'tls-ok':
      return 'offered';
    case 'handshake-failed':
    case 'client-cannot-test':
    case 'starttls-refused':
      return 'handshake-failed';
    case 'starttls-not-offered':
      return m.masked ? 'intercepted' : 'not-offered';
    case 'refused':
    case 'closed':
      return 'refused';
    case 'connect-refused':
    case 'connect-timeout':
    case 'unreachable':
      return 'unreachable';
    case 'banner-timeout':
    case 'timeout':
      return 'timeout';
    case 'protocol-error':
      return m.masked ? 'intercepted' : 'malformed';
  }
}

function addr(a: AddressProbe): string {
  return `${a.target.ip}:${a.target.port}`;
}

function certSummary(leaf: CertInfo | undefined, a: AddressProbe): TransportEntry['certificate'] {
  const t = a.main.tls;
  if (!leaf || !t) return null;
  return {
    subject: leaf.subject,
    issuer: leaf.issuer,
    sans: leaf.sans.slice(0, 20),
    notBefore: leaf.notBefore,
    notAfter: leaf.notAfter,
    keyType: leaf.keyType,
    keyBits: leaf.keyBits,
    curve: leaf.curve,
    signatureAlgorithm: leaf.signatureAlgorithm,
    hostnameMatch: t.hostnameMatch,
    trusted: t.trusted,
    ...(t.authorizationError ? { trustError: t.authorizationError } : {}),
  };
}

export function transportEntries(phase: SmtpPhase): TransportEntry[] {
  const out: TransportEntry[] = [];
  for (const h of phase.hosts) {
    for (const a of h.addresses) {
      const t = a.main.tls;
      const kx = t?.ephemeral ?? a.versions['TLSv1.2'].keyExchange;
      out.push({
        mx: h.mx,
        ip: a.target.ip,
        port: a.target.port,
        starttls: starttlsState(a),
        protocol: t?.protocol ?? null,
        cipher: t?.cipher.standardName ?? null,
        certificate: certSummary(t?.chain[0], a),
        versions: Object.fromEntries(Object.entries(a.versions).map(([v, p]) => [v, p.state])),
        keyExchange: kx?.name ?? (kx?.type === 'DH' ? `DH ${kx.size}` : null),
        bannerMs: a.main.bannerMs,
        ...(a.main.error && a.main.outcome !== 'tls-ok' ? { note: a.main.error.slice(0, 300) } : {}),
      });
    }
    for (const p of h.notProbed) {
      out.push({
        mx: h.mx,
        ip: p.ip,
        port: p.port,
        starttls: 'unreachable',
        protocol: null,
        cipher: null,
        certificate: null,
        note: `connection ${p.outcome}${p.code ? ` (${p.code})` : ''}`,
      });
    }
  }
  return out;
}

function allFour(
  target: string,
  reason: NotAssessableReason,
  summary: string,
  explanation: string[],
  data?: Record<string, unknown>,
): DomainFinding[] {
  return SMTP_CHECKS.map((check) => notAssessable(check, target, reason, summary, explanation, data));
}

export function smtpNotApplicable(domain: string, why: 'null-mx' | 'no-mx' | 'dns-error'): DomainFinding[] {
  const text = {
    'null-mx': `${domain} publishes a null MX (it accepts no mail), so there is no mail server to test`,
    'no-mx': `${domain} has no MX hosts to test`,
    'dns-error': `The MX records of ${domain} could not be looked up, so no mail server was tested`,
  }[why];
  return allFour(domain, why === 'dns-error' ? 'unreachable' : 'not-applicable', text, [text]);
}

function smtpBlocked(phase: SmtpPhase): DomainFinding[] {
  const tried = phase.preflight.map((p) => `${p.ip}:${p.port} ${p.outcome}${p.code ? ` (${p.code})` : ''}`);
  const explanation = [
    `No mail server address accepted a TCP connection on port ${phase.port} from this computer (${tried.join('; ')}).`,
    `Most likely this network blocks outbound port ${phase.port}: home and business broadband, guest Wi-Fi and cloud networks (AWS, Azure, Google Cloud) usually do. It could also mean every mail server is down. From here the two look the same, so these checks are not graded.`,
    'Run the checks again from a network that allows outbound SMTP. The DNS checks (SPF, DKIM, DMARC, MTA-STS, TLS-RPT) do not need port 25 and still count.',
  ];
  return phase.hosts.flatMap((h) =>
    allFour(h.mx, 'unreachable', `Port ${phase.port} looks blocked on this network: no mail server could be reached`, explanation, {
      port: phase.port,
    }),
  );
}

function naForHost(h: HostProbe, phase: SmtpPhase, check: CheckId, states: StarttlsState[]): DomainFinding | undefined {
  if (h.noAddresses) return notAssessable(check, h.mx, 'unreachable', `${h.mx} has no address to connect to`, ['See the MX check.']);
  if (!h.addresses.length) {
    return notAssessable(check, h.mx, 'unreachable', `No address of ${h.mx} accepted a connection on port ${phase.port}`, [
      h.notProbed.map((p) => `${p.ip}: ${p.outcome}${p.code ? ` (${p.code})` : ''}`).join('; '),
      'A server that refuses or ignores connections from here may be down, or this network may block the port.',
    ]);
  }
  const first = states.map((s) => STARTTLS_NA[s]).find(Boolean);
  if (states.every((s) => STARTTLS_NA[s]) && first) {
    const details = h.addresses.map((a) => `${addr(a)}: ${a.main.error ?? a.main.outcome}`);
    const why =
      first.reason === 'intercepted'
        ? [
            'Corporate firewalls (e.g. Cisco ASA ESMTP inspection) and some antivirus products rewrite SMTP and hide STARTTLS. Run the check from another network.',
          ]
        : first.reason === 'refused'
          ? ['Mail servers refuse connections they consider suspicious or too frequent. Wait a while and run the check again.']
          : [];
    return notAssessable(check, h.mx, first.reason, `${h.mx} ${first.text}`, [...details, ...why]);
  }
  return undefined;
}

function gradeStarttls(h: HostProbe, phase: SmtpPhase, states: StarttlsState[]): DomainFinding {
  const na = naForHost(h, phase, 'smtp.starttls', states);
  if (na) return na;
  const found: string[] = [];
  const reasons: Reason[] = [];
  h.addresses.forEach((a, i) => {
    const s = states[i]!;
    found.push(
      `${addr(a)}: ${a.main.banner?.[0]?.slice(0, 120) ?? '(no banner)'} · EHLO offers ${a.main.extensions.slice(0, 12).join(' ') || 'nothing'}`,
    );
    if (s === 'offered') {
      reasons.push({ severity: 'pass', text: `${addr(a)} offers STARTTLS and the handshake works (${a.main.tls?.protocol})` });
      if (a.main.discardedBytes)
        reasons.push({
          severity: 'warn',
          text: `${addr(a)} sent ${a.main.discardedBytes} bytes right after "220 Go ahead", before TLS started (we discarded them as RFC 3207 requires)`,
        });
      if ((a.main.bannerMs ?? 0) > 10_000)
        reasons.push({
          severity: 'note',
          text: `${addr(a)} took ${Math.round((a.main.bannerMs ?? 0) / 1000)} s to greet (a deliberate delay is normal for anti-spam)`,
        });
    } else if (s === 'not-offered') {
      reasons.push({
        severity: 'fail',
        text: `${addr(a)} does not offer STARTTLS, so mail to ${h.mx} travels unencrypted`,
        fix: `Enable STARTTLS on ${h.mx} with a certificate for ${h.mx} (on Exchange: a receive connector with TLS and a valid certificate).`,
      });
    } else if (s === 'handshake-failed') {
      const legacyOnly = a.versions.TLSv1.state === 'accepted' || a.versions['TLSv1.1'].state === 'accepted';
      reasons.push({
        severity: 'fail',
        text: legacyOnly
          ? `${addr(a)} offers STARTTLS but only completes TLS 1.0/1.1 handshakes, which modern senders refuse`
          : `${addr(a)} offers STARTTLS but the TLS handshake fails: ${a.main.error ?? 'no detail'}`,
        fix: `Fix TLS on ${h.mx}: enable TLS 1.2 and 1.3 with a valid certificate for ${h.mx}.`,
      });
    } else {
      reasons.push({ severity: 'note', text: `${addr(a)} ${STARTTLS_NA[s]?.text ?? s}: ${a.main.error ?? ''}` });
    }
  });
  for (const p of h.notProbed)
    reasons.push({ severity: 'note', text: `${p.ip}:${p.port} could not be reached (${p.outcome}), not tested` });
  return toFinding({
    check: 'smtp.starttls',
    target: h.mx,
    passSummary: `${h.mx} offers STARTTLS and the handshake works`,
    found,
    reasons,
    data: { states },
  });
}

const tlsHosts = (h: HostProbe, states: StarttlsState[]) =>
  h.addresses.filter((_, i) => states[i] === 'offered' || states[i] === 'handshake-failed');

function noTls(check: CheckId, h: HostProbe): DomainFinding {
  return notAssessable(check, h.mx, 'not-applicable', `${h.mx} has no working TLS to grade`, ['See the STARTTLS check for this MX.']);
}

function gradeVersions(h: HostProbe, phase: SmtpPhase, states: StarttlsState[]): DomainFinding {
  const na = naForHost(h, phase, 'smtp.tls-version', states);
  if (na) return na;
  const tls = tlsHosts(h, states);
  if (!tls.length) return noTls('smtp.tls-version', h);
  const found: string[] = [];
  const reasons: Reason[] = [];
  let unknown: { reason: NotAssessableReason; text: string } | undefined;
  const order: TlsVersionName[] = ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1'];
  for (const a of tls) {
    found.push(`${addr(a)}: ${order.map((v) => `${v} ${a.versions[v].state}`).join(', ')}`);
    const legacy = (['TLSv1.1', 'TLSv1'] as const).filter((v) => a.versions[v].state === 'accepted');
    if (legacy.length) {
      reasons.push({
        severity: 'fail',
        text: `${addr(a)} still accepts ${legacy.join(' and ')}, which NCSC and gov.uk guidance say must be switched off`,
        fix: `Disable TLS 1.0 and 1.1 on ${h.mx} (Windows/Exchange: the SCHANNEL Protocols registry keys, or IIS Crypto; Postfix: smtpd_tls_protocols = >=TLSv1.2).`,
      });
    }
    const modern = (['TLSv1.3', 'TLSv1.2'] as const).filter((v) => a.versions[v].state === 'accepted');
    if (!modern.length) {
      reasons.push({
        severity: 'fail',
        text: `${addr(a)} does not complete a TLS 1.2 or 1.3 handshake`,
        fix: `Enable TLS 1.2 and 1.3 on ${h.mx}.`,
      });
    } else {
      const best = modern[0]!;
      reasons.push({
        severity: 'pass',
        text: `${addr(a)} supports ${best} (${RATING_WORDS[TLS_VERSION_RATING[best]!]})${best === 'TLSv1.2' ? '; TLS 1.3 is not offered' : ''}`,
      });
    }
    if (!legacy.length) {
      const untested = (['TLSv1.1', 'TLSv1'] as const).filter((v) => a.versions[v].state !== 'rejected');
      if (!untested.length) reasons.push({ severity: 'pass', text: `${addr(a)} refuses TLS 1.0 and 1.1` });
      else if (untested.every((v) => a.versions[v].state === 'client-cannot-test')) {
        unknown ??= {
          reason: 'client-cannot-test',
          text: `Whether ${h.mx} still accepts ${untested.join(' and ')} cannot be tested by this computer's TLS library`,
        };
      } else
        unknown ??= {
          reason: 'refused',
          text: `Whether ${h.mx} still accepts ${untested.join(' and ')} could not be tested: ${a.versions[untested[0]!].detail ?? 'no answer'}`,
        };
    }
  }
  const failing = reasons.some((r) => r.severity === 'fail');
  if (unknown && !failing) {
    return notAssessable(
      'smtp.tls-version',
      h.mx,
      unknown.reason,
      unknown.text,
      reasons.map((r) => r.text),
      { versions: tls.map((a) => a.versions) },
      found,
    );
  }
  const best = tls.map((a) => a.main.tls?.protocol).find(Boolean);
  return toFinding({
    check: 'smtp.tls-version',
    target: h.mx,
    passSummary: `TLS 1.2 or newer only${best ? ` (negotiates ${best})` : ''}`,
    found,
    reasons,
    data: {
      versions: Object.fromEntries(
        tls.map((a) => [a.target.ip, Object.fromEntries(Object.entries(a.versions).map(([v, p]) => [v, p.state]))]),
      ),
    },
  });
}

function gradeCiphers(h: HostProbe, phase: SmtpPhase, states: StarttlsState[]): DomainFinding {
  const na = naForHost(h, phase, 'smtp.cipher', states);
  if (na) return na;
  const tls = h.addresses.filter((_, i) => states[i] === 'offered');
  if (!tls.length) return noTls('smtp.cipher', h);
  const found: string[] = [];
  const reasons: Reason[] = [];
  for (const a of tls) {
    const seen = new Map<string, string>();
    if (a.main.tls) seen.set(a.main.tls.cipher.standardName, `default (${a.main.tls.protocol})`);
    for (const v of ['TLSv1.3', 'TLSv1.2'] as const) {
      const c = a.versions[v].cipher;
      if (c && !seen.has(c)) seen.set(c, `${v} only`);
    }
    for (const [cipher, how] of seen) {
      const r = rateCipher(cipher);
      found.push(`${addr(a)}: ${cipher} — ${how}`);
      const sev = RATING_SEVERITY[r.rating];
      reasons.push({
        severity: sev,
        text: `${addr(a)} chooses ${cipher} (${how}): ${r.why}, ${RATING_WORDS[r.rating]}`,
        fix:
          sev === 'fail' || sev === 'warn'
            ? `On ${h.mx}, prefer ECDHE key exchange with AES-GCM or ChaCha20-Poly1305 and disable ${r.why.replace(/^an? /, '')} suites.`
            : undefined,
      });
    }
    const kx = a.main.tls?.ephemeral ?? a.versions['TLSv1.2'].keyExchange;
    if (kx) {
      const r = rateKeyExchange(kx);
      const sev = RATING_SEVERITY[r.rating];
      found.push(`${addr(a)}: key exchange ${kx.type} ${kx.name ?? ''}${kx.size ? ` (${kx.size} bits)` : ''}`);
      reasons.push({
        severity: sev,
        text: `${addr(a)} key exchange: ${r.why}, ${RATING_WORDS[r.rating]}`,
        fix: sev === 'fail' || sev === 'warn' ? `On ${h.mx}, use ECDHE with X25519 or P-256 (or ffdhe3072+ if DHE must stay).` : undefined,
      });
    }
  }
  const names = [...new Set(tls.map((a) => a.main.tls?.cipher.standardName).filter(Boolean))];
  return toFinding({
    check: 'smtp.cipher',
    target: h.mx,
    passSummary: `Forward-secret AEAD ciphers (${names.join(', ')})`,
    found,
    reasons,
    data: { ciphers: names },
  });
}

function gradeCertificate(h: HostProbe, phase: SmtpPhase, states: StarttlsState[], ctx: GradeContext): DomainFinding {
  const na = naForHost(h, phase, 'smtp.certificate', states);
  if (na) return na;
  const tls = h.addresses.filter((_, i) => states[i] === 'offered' && h.addresses[i]!.main.tls?.chain.length);
  if (!tls.length) return noTls('smtp.certificate', h);
  const found: string[] = [];
  const reasons: Reason[] = [];
  const strict = ctx.mtaStsEnforce;
  const why = strict ? ' — and MTA-STS enforce mode makes senders refuse to deliver' : '';
  for (const a of tls) {
    const t = a.main.tls!;
    const leaf = t.chain[0]!;
    found.push(
      ...t.chain.map(
        (c, i) =>
          `${addr(a)} ${i === 0 ? 'leaf' : `chain ${i}`}: ${c.subject} · issuer ${c.issuer} · ${c.keyType.toUpperCase()}${c.keyBits ? ` ${c.keyBits}` : ''}${c.curve ? ` ${c.curve}` : ''} · ${c.signatureAlgorithm} · until ${utcDateOf(c.notAfter)}${i === 0 && leaf.sans.length ? ` · SAN ${leaf.sans.slice(0, 8).join(', ')}` : ''}`,
      ),
    );
    // The rules table (certificate-rules.ts) decides each line's severity.
    const facts = {
      host: h.mx,
      chain: t.chain,
      trusted: t.trusted,
      authorizationError: t.authorizationError,
      hostnameMatch: t.hostnameMatch,
    };
    for (const r of assessCertificate(facts, ctx.now)) {
      const fix =
        r.id === 'key-weak'
          ? `Reissue the certificate for ${h.mx} with an RSA key of at least 2048 bits (3072 preferred) or an ECDSA P-256 key. If your provider manages ${h.mx}, ask them to.`
          : r.id === 'expires-soon'
            ? `Renew the certificate on ${h.mx} now (automatic renewal, such as ACME, prevents this).`
            : r.severity === 'fail'
              ? `Install a certificate from a public CA on ${h.mx} whose subjectAltName includes ${h.mx}, with its intermediate certificates, and renew it before it expires.`
              : undefined;
      const tail = r.severity === 'fail' && r.id !== 'key-weak' ? why : '';
      reasons.push({ severity: r.severity, text: `${addr(a)}: ${r.text}${tail}`, fix });
    }
    for (const c of t.chain.filter((c) => !c.selfIssued)) {
      const sig = rateSignature(c.signatureAlgorithm);
      const sev = RATING_SEVERITY[sig.rating];
      if (sev === 'fail' || sev === 'warn') {
        reasons.push({
          severity: sev,
          text: `${addr(a)}: ${c.subject} is signed with ${sig.why}`,
          fix: `Reissue the certificate chain for ${h.mx} with SHA-256 signatures.`,
        });
      }
    }
  }
  if (strict)
    reasons.push({
      severity: 'note',
      text: 'MTA-STS is in enforce mode, so certificate problems stop delivery from senders that honour it',
    });
  return toFinding({
    check: 'smtp.certificate',
    target: h.mx,
    passSummary: `Valid, trusted certificate for ${h.mx}`,
    found,
    reasons,
    data: {
      certificates: tls.map((a) => {
        const leaf = a.main.tls!.chain[0]!;
        return {
          ip: a.target.ip,
          subject: leaf.subject,
          issuer: leaf.issuer,
          notAfter: leaf.notAfter,
          keyType: leaf.keyType,
          keyBits: leaf.keyBits ?? null,
          hostnameMatch: a.main.tls!.hostnameMatch,
          trusted: a.main.tls!.trusted,
        };
      }),
    },
  });
}

export function gradeSmtp(phase: SmtpPhase, ctx: GradeContext): DomainFinding[] {
  if (phase.blocked) return smtpBlocked(phase);
  return phase.hosts.flatMap((h) => {
    const states = h.addresses.map(starttlsState);
    return [
      gradeStarttls(h, phase, states),
      gradeVersions(h, phase, states),
      gradeCiphers(h, phase, states),
      gradeCertificate(h, phase, states, ctx),
    ];
  });
}
