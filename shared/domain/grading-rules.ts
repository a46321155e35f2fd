import type { CheckId } from './checks';

// The grading table of the mail-domain checks: for every check, each status it can give, when, and the
// source that justifies it. The README's "Grading rules" section prints this table and the app shows it
// as each check's help; the graders in electron/mail-domain/grading implement it (the certificate lines
// are used by certificate-rules.ts directly), and grading-rules.test.ts keeps the README in step.

export type GradeStatus = 'pass' | 'warn' | 'fail' | 'not-assessable';

export interface GradingRule {
  status: GradeStatus;
  when: string;
  source: string;
}

const DNS_FAILED: GradingRule = {
  status: 'not-assessable',
  when: "The lookup timed out or the DNS server failed (SERVFAIL, REFUSED), or the network's DNS failed for the whole run (no answer, or NXDOMAIN even for the DNS root)",
  source: 'RFC 2308 (a failure is not an answer); RFC 8020',
};

// The certificate lines, keyed for certificate-rules.ts.
export const CERTIFICATE_GRADES = {
  'key-sufficient': {
    status: 'pass',
    when: 'Key is RSA of 2048 bits or more, ECDSA on a curve of 256 bits or more, or Ed25519/Ed448',
    source:
      'NCSC-NL TLS guidelines, certificate keys (RSA-2048 sufficient; their 2048-bit phase-out is for finite-field DH groups); internet.nl',
  },
  'key-weak': {
    status: 'fail',
    when: 'Key is RSA below 2048 bits or ECDSA below 256 bits',
    source: 'NCSC-NL TLS guidelines: insufficient',
  },
  expired: { status: 'fail', when: 'The certificate has expired', source: 'RFC 5280 §4.1.2.5; DCB1596 ICT-05 (trusted CA); RFC 8461 §4.2' },
  'not-yet-valid': { status: 'fail', when: 'The certificate is not valid yet', source: 'RFC 5280 §4.1.2.5; DCB1596 ICT-05' },
  'self-signed': {
    status: 'fail',
    when: 'The certificate is self-signed',
    source: 'RFC 5280 §6.1 (no trust anchor); DCB1596 ICT-05; NCSC UK: a well-known CA',
  },
  untrusted: {
    status: 'fail',
    when: 'The chain does not lead to a publicly trusted root (unknown issuer, missing intermediate, SHA-1 signature)',
    source: 'RFC 5280 §6.1; DCB1596 ICT-05; RFC 8461 §4.2',
  },
  'name-mismatch': {
    status: 'fail',
    when: 'No subjectAltName DNS name matches the MX host name (a wildcard covers exactly one left-most label; the CN is not used)',
    source: 'RFC 6125 §6.4, §6.4.3; RFC 8461 §4.2',
  },
  'expires-soon': {
    status: 'warn',
    when: 'The certificate expires within 30 days',
    source: 'Project choice: public CAs renew 30 days before expiry, so this warns before delivery breaks',
  },
  valid: { status: 'pass', when: 'In date, trusted chain, valid for the MX host name', source: 'RFC 5280 §6.1; RFC 6125 §6.4' },
} as const satisfies Record<string, GradingRule>;

export const GRADING_RULES: Record<CheckId & `${'dns' | 'smtp'}.${string}`, GradingRule[]> = {
  'dns.mx': [
    { status: 'pass', when: 'Every MX host is a host name with an address, none is an alias, no null MX', source: 'RFC 5321 §5.1' },
    {
      status: 'warn',
      when: 'A null MX ("0 ."), an MX that is a CNAME or an IP address, more than 10 MX hosts',
      source: 'RFC 7505; RFC 2181 §10.3; RFC 5321 §5.1',
    },
    {
      status: 'fail',
      when: 'No MX records, or the domain does not exist (NXDOMAIN from a resolver that knows the DNS root)',
      source: 'RFC 5321 §5.1; DCB1596 ELIG-07',
    },
    DNS_FAILED,
  ],
  'dns.spf': [
    {
      status: 'pass',
      when: 'One SPF record ending in -all, within 10 DNS lookups',
      source: 'RFC 7208 §4.6.4, §5.1; project choice: -all',
    },
    {
      status: 'warn',
      when: 'Ends in ~all; uses ptr; record over 450 bytes (512 needs TCP)',
      source: 'RFC 7208 §5.5, §3.4; project choice: -all',
    },
    {
      status: 'fail',
      when: 'No SPF record; more than one; ?all, no all or +all; any permanent error: syntax, more than 10 lookups, more than 2 void lookups, an mx term finding more than 10 MX records, an include loop, an include or redirect= target without SPF',
      source: 'RFC 7208 §4.5, §4.6, §4.6.4, §5.4, §6.1; the SPF project RFC 7208 test suite',
    },
    { ...DNS_FAILED, when: `${DNS_FAILED.when}; a temporary error inside the include tree` },
  ],
  'dns.dmarc': [
    {
      status: 'pass',
      when: 'A valid record with p=reject, or p=quarantine (record the timeline to reject)',
      source: 'RFC 7489 §6.3; RFC 9989 §4.7; NHS position (UK Parliament written question 46814, 2020)',
    },
    {
      status: 'warn',
      when: 'No rua=; pct below 100; t=y with p=reject; sp=none; an unknown tag; an invalid rua/ruf address; reports to an external domain that has not authorised them',
      source: 'RFC 7489 §6.3, §7.1; RFC 9989 §4.7',
    },
    {
      status: 'fail',
      when: 'No record (including one that starts with a space); more than one record; p=none; p=quarantine with t=y; any tag with an invalid value (adkim, aspf, fo, rf, ri, pct, p, sp, np, t, psd); a tag given twice',
      source: 'RFC 7489 §6.3, §6.4, §6.6.3; RFC 9989 §4.7 (tag-list rules of RFC 6376 §3.2)',
    },
    DNS_FAILED,
  ],
  'dns.dkim': [
    {
      status: 'pass',
      when: 'A key of 2048 bits or more (or Ed25519) at a selector; for Microsoft 365, both selector CNAMEs with keys',
      source: 'RFC 8301 §3.2',
    },
    {
      status: 'warn',
      when: 'Microsoft 365: selector1 or selector2 missing, or its CNAME target has no key (signing breaks at the next rotation); a key of 1024–2047 bits; no key on a domain without MX',
      source: 'Microsoft 365 rotates between both selectors; RFC 8301 §3.2',
    },
    {
      status: 'fail',
      when: 'A domain with an MX and no usable key at any selector tried (including _domainkey NXDOMAIN: nothing below it exists); a key under 1024 bits',
      source: 'RFC 8020; internet.nl grades missing DKIM as failing; RFC 8301 §3.2 (verifiers refuse < 1024)',
    },
    { ...DNS_FAILED, when: `${DNS_FAILED.when}; the domain is *.onmicrosoft.com (Microsoft signs it)` },
  ],
  'dns.mta-sts': [
    {
      status: 'pass',
      when: 'A valid policy in enforce mode covering every MX host, served with a valid certificate',
      source: 'RFC 8461 §3, §4.1',
    },
    {
      status: 'warn',
      when: 'No MTA-STS; testing or none mode; LF line endings; short max_age',
      source: 'RFC 8461 §3.2, §5; security.gov.uk: TLS-RPT, then MTA-STS testing, then enforce',
    },
    {
      status: 'fail',
      when: 'Enforce mode with an MX host the policy does not cover or a bad policy certificate; more than one record; an invalid id',
      source: 'RFC 8461 §3.1, §4.1, §4.2',
    },
    DNS_FAILED,
  ],
  'dns.tls-rpt': [
    { status: 'pass', when: 'One TLS-RPT record with a valid rua=', source: 'RFC 8460 §3' },
    {
      status: 'warn',
      when: 'No record; reports to the retired NCSC Mail Check collector',
      source: 'RFC 8460 §3; NCSC Mail Check retired on 31 March 2026',
    },
    { status: 'fail', when: 'More than one record; no valid rua=', source: 'RFC 8460 §3' },
    DNS_FAILED,
  ],
  'dns.dnssec': [
    { status: 'pass', when: 'The domain is signed and validates (AD bit from the resolver)', source: 'RFC 4035' },
    {
      status: 'warn',
      when: 'Not signed, or the resolver does not validate (advisory)',
      source: 'RFC 4035; advisory: most hosted mail zones cannot be signed',
    },
    { status: 'fail', when: 'Broken DNSSEC: validating resolvers refuse the answers', source: 'RFC 4035 §5.5' },
    DNS_FAILED,
  ],
  'smtp.starttls': [
    { status: 'pass', when: 'Every MX address offers STARTTLS and the handshake works', source: 'RFC 3207; DCB1596 TECH-01' },
    { status: 'warn', when: 'The server sent data after "220 Go ahead" before TLS started (discarded)', source: 'RFC 3207 §4.2' },
    {
      status: 'fail',
      when: 'An address does not offer STARTTLS, or the TLS handshake fails',
      source: 'RFC 3207; DCB1596 TECH-01 (TLS mandatory since 2016)',
    },
    {
      status: 'not-assessable',
      when: 'Port 25 blocked on this network, the server refused us (421/554), a firewall masks STARTTLS, or no MX could be looked up',
      source: 'RFC 3207',
    },
  ],
  'smtp.tls-version': [
    {
      status: 'pass',
      when: 'TLS 1.2 or 1.3 only (TLS 1.2 without 1.3 is sufficient and noted)',
      source: 'NCSC-NL TLS guidelines; DCB1596 TECH-01 (TLS 1.2+)',
    },
    { status: 'fail', when: 'TLS 1.0 or 1.1 still accepted, or no TLS 1.2 or 1.3 handshake', source: 'RFC 8996; DCB1596 TECH-01' },
    {
      status: 'not-assessable',
      when: 'This computer cannot try the old versions, or the server could not be reached',
      source: 'RFC 3207; RFC 8996',
    },
  ],
  'smtp.cipher': [
    {
      status: 'pass',
      when: 'Forward-secret AEAD ciphers; ECDHE on a good curve',
      source: 'NCSC-NL TLS guidelines',
    },
    {
      status: 'warn',
      when: 'Ciphers or groups to be phased out (CBC-SHA256/384, DHE with 3072 bits or more, ARIA, Camellia)',
      source: 'NCSC-NL TLS guidelines: phase out',
    },
    {
      status: 'fail',
      when: 'Insufficient: static RSA key exchange, CBC-SHA1, 3DES, RC4, NULL, EXPORT, DH below 3072 bits',
      source: 'NCSC-NL TLS guidelines: insufficient',
    },
    { status: 'not-assessable', when: 'The server could not be reached', source: 'RFC 3207' },
  ],
  'smtp.certificate': [
    ...Object.values(CERTIFICATE_GRADES),
    {
      status: 'fail',
      when: 'A certificate in the chain is signed with SHA-1 or MD5',
      source: 'NCSC-NL TLS guidelines: insufficient',
    },
    { status: 'not-assessable', when: 'STARTTLS could not be tested', source: 'RFC 3207' },
  ],
};

export function gradingRulesOf(check: string): readonly GradingRule[] {
  return (GRADING_RULES as Record<string, GradingRule[]>)[check] ?? [];
}

const STATUS_WORD: Record<GradeStatus, string> = { pass: 'Pass', warn: 'Warn', fail: 'Fail', 'not-assessable': 'Not assessed' };

// The README's grading table, exactly as printed there (grading-rules.test.ts compares them).
export function gradingTableMarkdown(titles: Readonly<Record<string, { title: string }>>): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  const rows = Object.entries(GRADING_RULES).flatMap(([check, rules]) =>
    rules.map(
      (r, i) =>
        `| ${i === 0 ? `${titles[check]?.title ?? check} (\`${check}\`)` : ''} | ${STATUS_WORD[r.status]} | ${cell(r.when)} | ${cell(r.source)} |`,
    ),
  );
  return ['| Check | Status | When | Source |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
