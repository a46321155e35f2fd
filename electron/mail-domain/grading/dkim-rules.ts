import type { DomainFinding } from '../../../shared/contract/domain-checks';
import { isIndeterminate } from '../../probes/dns/resolver';
import type { DkimFacts, DkimSelectorFacts } from '../../probes/dns/dkim';
import type { GradeContext } from './context';
import { notAssessable, statusOf, toFinding, type Reason, type Severity } from './verdict';

// Whether signing is switched on is an Exchange fact (exo.dkim-signing); from DNS we can show
// that keys are published and how strong they are. Rules (README "Grading rules", DKIM):
// - a domain with an MX and no usable key at any selector tried fails (internet.nl grades missing DKIM
//   so); `_domainkey.<d>` NXDOMAIN means nothing below it exists (RFC 8020), so no selector either;
// - Microsoft 365 rotates between selector1 and selector2 (both must exist), so a
//   missing CNAME, or a CNAME whose target has no key, warns and names the record: signing breaks at the
//   next rotation;
// - a key receivers refuse (< 1024 bits, mailauth's minBitLength) fails; 1024–2047 bits warns.

const DKIM_KEY_RULES: readonly {
  test: (s: DkimSelectorFacts) => boolean;
  severity: Severity;
  text: (s: DkimSelectorFacts) => string;
}[] = [
  { test: (s) => s.revoked, severity: 'note', text: (s) => `${s.selector}: key revoked (empty p=)` },
  { test: (s) => Boolean(s.keyError), severity: 'warn', text: (s) => `${s.selector}: ${s.keyError}` },
  {
    test: (s) => s.keyType === 'rsa' && (s.keyBits ?? 0) < 1024,
    severity: 'fail',
    text: (s) => `${s.selector}: ${s.keyBits}-bit RSA key, which receivers refuse`,
  },
  {
    test: (s) => s.keyType === 'rsa' && (s.keyBits ?? 0) < 2048,
    severity: 'warn',
    text: (s) => `${s.selector}: ${s.keyBits}-bit RSA key, weak by today's standards`,
  },
  { test: (s) => s.keyType === 'rsa', severity: 'pass', text: (s) => `${s.selector}: ${s.keyBits}-bit RSA key` },
  {
    test: (s) => s.keyType === 'ed25519',
    severity: 'pass',
    text: (s) => `${s.selector}: Ed25519 key (pair it with an RSA key: not every receiver verifies Ed25519)`,
  },
];

function keyReason(s: DkimSelectorFacts, provider: GradeContext['provider']): Reason | undefined {
  const rule = DKIM_KEY_RULES.find((r) => r.test(s));
  if (!rule) return undefined;
  const fix =
    rule.severity === 'fail' || rule.severity === 'warn'
      ? provider === 'microsoft-365'
        ? 'Rotate the DKIM keys in the Microsoft Defender portal (Email & collaboration › Policies › Email authentication settings › DKIM › Rotate DKIM keys); new keys are 2048-bit.'
        : `Generate a 2048-bit RSA key, publish it under a new selector (e.g. ${s.selector}-2048._domainkey), switch signing to it, then revoke the old key (publish "v=DKIM1; p=").`
      : undefined;
  return { severity: rule.severity, text: rule.text(s), fix };
}

function describe(s: DkimSelectorFacts): string {
  const chain = s.cnameChain.length ? ` CNAME ${s.cnameChain.join(' → ')}` : '';
  const key = s.record ? ` TXT "${s.record.length > 140 ? `${s.record.slice(0, 140)}…` : s.record}"` : ` (no key: ${s.txtOutcome})`;
  return `${s.name}${chain}${key}`;
}

export function gradeDkim(f: DkimFacts, ctx: GradeContext): DomainFinding {
  const target = `_domainkey.${f.domain}`;
  if (f.skipped) {
    return notAssessable('dns.dkim', target, 'not-applicable', 'Microsoft signs *.onmicrosoft.com domains itself', [
      'DKIM for the initial onmicrosoft.com domain is managed by Microsoft; check the custom domains instead.',
    ]);
  }
  const published = f.selectors.filter((s) => s.cnameChain.length || s.record);
  const withKey = f.selectors.filter((s) => s.record);
  if (!published.length && isIndeterminate(f.domainkeyOutcome) && f.selectors.every((s) => isIndeterminate(s.cnameOutcome))) {
    return notAssessable('dns.dkim', target, 'unreachable', `Could not look up DKIM records under ${target} (DNS timeout or error)`, [
      'This is not the same as no DKIM. Run the check again, or choose another DNS server in Settings.',
    ]);
  }
  const found = published.map(describe);
  const reasons: Reason[] = [];
  const provider = ctx.provider;

  // A selector CNAME into Microsoft's DKIM zones says "Microsoft 365" even when the route does not.
  const microsoft = provider === 'microsoft-365' || f.selectors.some((s) => s.microsoftForm);
  if (microsoft) {
    const s1 = f.selectors.find((s) => s.selector === 'selector1');
    const s2 = f.selectors.find((s) => s.selector === 'selector2');
    const form = s1?.microsoftForm ?? s2?.microsoftForm;
    for (const [s, other] of [
      [s1, s2],
      [s2, s1],
    ] as const) {
      if (!s || s.cnameChain.length) continue;
      const sibling = other?.cnameChain[0];
      const guess = sibling ? sibling.replace(/^selector[12]-/, `${s.selector}-`) : undefined;
      reasons.push({
        severity: 'warn',
        text: `${s.name} is missing: Microsoft 365 rotates between selector1 and selector2, so signing breaks at the next rotation unless both CNAMEs are published`,
        fix: guess
          ? `Publish this CNAME record:\n  ${s.name}  CNAME  ${guess}`
          : `Publish the two CNAME records shown in the Microsoft Defender portal (Email authentication settings › DKIM › ${f.domain}), e.g.\n  ${s.name}  CNAME  ${s.selector}-${f.domain.replace(/\./g, '-')}._domainkey.<tenant>.onmicrosoft.com`,
      });
    }
    const withCname = [s1, s2].filter((s): s is DkimSelectorFacts => Boolean(s?.cnameChain.length));
    const dangling = withCname.filter((s) => !s.record);
    if (dangling.length && dangling.length === withCname.length) {
      reasons.push({
        severity: 'warn',
        text: `The selector CNAMEs point to Microsoft, but Microsoft publishes no key there: DKIM signing is probably not enabled for ${f.domain}`,
        fix: `Enable DKIM signing for ${f.domain} in the Microsoft Defender portal (Email authentication settings › DKIM › Enable), then check again.`,
      });
    } else {
      for (const s of dangling) {
        const end = s.cnameChain.at(-1)!;
        reasons.push({
          severity: 'warn',
          text: `${s.name} points to ${end}, where there is no key (${s.txtOutcome === 'nxdomain' ? 'NXDOMAIN' : s.txtOutcome}): signing breaks when Microsoft rotates to ${s.selector}`,
          fix: `Copy the ${s.selector} CNAME value from the Microsoft Defender portal (Email authentication settings › DKIM › ${f.domain}) and correct the record at ${s.name}; if it matches, rotate the DKIM keys there so Microsoft publishes both.`,
        });
      }
    }
    if (form) {
      reasons.push({
        severity: 'note',
        text:
          form === 'onmicrosoft'
            ? 'Microsoft 365 selectors in the …onmicrosoft.com form (tenants set up before May 2025)'
            : 'Microsoft 365 selectors in the newer …dkim.mail.microsoft form (domains added since May 2025)',
      });
    }
  } else if (provider === 'google' && !withKey.some((s) => s.selector === 'google')) {
    reasons.push({
      severity: 'warn',
      text: `No key at google._domainkey.${f.domain}: Google Workspace's default selector`,
      fix: 'In the Google Admin console, Apps › Google Workspace › Gmail › Authenticate email: generate the DKIM key, publish the TXT record it shows, then press "Start authentication".',
    });
  }

  // No usable key anywhere: fail for a domain that receives mail (it has an MX), else warn.
  const noKeySeverity: Severity = ctx.mxHosts.length ? 'fail' : 'warn';
  if (!withKey.length) {
    reasons.push(
      f.domainkeyOutcome === 'nxdomain'
        ? {
            severity: noKeySeverity,
            text: `No DKIM: ${target} does not exist (NXDOMAIN, so nothing below it exists either, RFC 8020), so no key is published`,
            fix: 'Turn on DKIM signing at your email provider and publish the key record(s) it gives you.',
          }
        : {
            severity: noKeySeverity,
            text: `No DKIM key found: none of the selectors we tried (${f.selectors.map((s) => s.selector).join(', ')}) has one${f.domainkeyOutcome === 'nodata' ? `, although ${target} exists` : ''}`,
            fix: `Turn on DKIM signing at your email provider and publish its key records. If signing uses another selector, enter it (from the DKIM-Signature header of a sent message, s=…) and run the check again.`,
          },
    );
  }
  for (const s of withKey) {
    const r = keyReason(s, provider);
    if (r) reasons.push(r);
  }
  if (withKey.length && withKey.every((s) => s.revoked)) {
    reasons.push({
      severity: noKeySeverity,
      text: 'Every key found is revoked',
      fix: 'Publish the current signing key, or turn DKIM signing on again.',
    });
  }
  const status = statusOf(reasons);
  const live = withKey.filter((s) => !s.revoked);
  return toFinding({
    check: 'dns.dkim',
    target,
    passSummary: status === 'pass' ? `DKIM key${live.length === 1 ? '' : 's'} published: ${live.map((s) => s.selector).join(', ')}` : '',
    found: found.length
      ? found
      : [`No DKIM records under ${target} for the selectors tried: ${f.selectors.map((s) => s.selector).join(', ')}`],
    reasons,
    data: {
      selectors: published.map((s) => ({
        selector: s.selector,
        cname: s.cnameChain,
        keyType: s.keyType ?? null,
        keyBits: s.keyBits ?? null,
        revoked: s.revoked,
      })),
      microsoftForm: f.selectors.find((s) => s.microsoftForm)?.microsoftForm ?? null,
    },
  });
}
