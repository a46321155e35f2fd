import type { Finding } from '../../../shared/contract/findings';
import type { TenantFacts } from '../facts';
import { CAPABILITY_LABELS, SKU_NAMES, type Capability } from '../licences';
import { finding, fromFact, lines, RULES } from './rules';
import { utcDateOf } from '../../../shared/domain/dates';

const GATES: { cap: Capability; gates: string }[] = [
  { cap: 'entraP1', gates: 'Conditional Access, sign-in logs and the MFA registration report' },
  { cap: 'intune', gates: 'device compliance and app protection policies' },
  { cap: 'rms', gates: 'Purview Message Encryption' },
  { cap: 'defenderP1', gates: 'Safe Attachments and Safe Links' },
];

export function tenantLicences(f: TenantFacts): Finding {
  const check = 'tenant.licences';
  const lic = f.licences;
  if (!lic.ok) return fromFact(check, lic, 'Licences could not be read');
  const { skus, has } = lic.value;
  const named = skus.map(
    (s) =>
      `${SKU_NAMES[s.partNumber] ?? s.partNumber} (${s.consumedUnits} of ${s.enabledUnits} used${s.status !== 'Enabled' ? `, ${s.status.toLowerCase()}` : ''})`,
  );
  const present = (Object.keys(CAPABILITY_LABELS) as Capability[]).filter((c) => has[c]).map((c) => CAPABILITY_LABELS[c]);
  const absent = GATES.filter((g) => !has[g.cap]).map((g) => `• No ${CAPABILITY_LABELS[g.cap]}: ${g.gates} cannot be used or checked.`);
  const detail = lines(
    named.length
      ? `Subscriptions: ${named.join('; ')}.`
      : 'Read from the organisation’s assigned plans (subscription details were not available).',
    `Capabilities: ${present.join(', ') || 'none recognised'}.`,
    absent.length && 'What the licences leave out:',
    ...absent,
  );
  const data = { skus: skus.map((s) => s.partNumber), capabilities: present };
  if (!has.exchange) {
    return finding(check, 'fail', 'No Exchange Online licence: this tenant does not host the organisation’s mail', {
      detail,
      data,
      remediation:
        'Check that this is the right tenant. If mail is hosted elsewhere (on-premises Exchange, another provider), the self-managed route applies.',
    });
  }
  const troubled = skus.filter((s) => s.status === 'Warning' || s.status === 'Suspended' || s.consumedUnits > s.enabledUnits);
  const headline = skus.length
    ? (SKU_NAMES[skus[0]!.partNumber] ?? skus[0]!.partNumber) + (skus.length > 1 ? ` and ${skus.length - 1} more` : '')
    : 'Licences';
  if (troubled.length) {
    return finding(
      check,
      'warn',
      `${headline}: ${troubled.map((s) => `${SKU_NAMES[s.partNumber] ?? s.partNumber} is ${s.status === 'Enabled' ? 'over-allocated' : s.status.toLowerCase()}`).join('; ')}`,
      {
        detail,
        data,
        remediation: 'Renew or top up the subscription before the accreditation is submitted.',
      },
    );
  }
  return finding(check, 'pass', `${headline}: Exchange Online${has.entraP1 ? ', Entra ID P1' : ''}${has.intune ? ', Intune' : ''}`, {
    detail,
    data,
  });
}

export function secureScore(f: TenantFacts): Finding {
  const check = 'secure-score';
  const s = f.secureScore;
  if (!s.ok) return fromFact(check, s, 'Secure Score could not be read');
  const pct = Math.round((s.value.current / s.value.max) * 100);
  const day = utcDateOf(s.value.createdDateTime);
  const detail = lines(
    `Secure Score ${s.value.current} of ${s.value.max} (${pct}%), calculated on ${day}. Microsoft recalculates it daily and it can lag changes by up to a week, so treat it as supporting evidence.`,
    s.value.gaps.length && 'Largest improvement actions:',
    ...s.value.gaps.map((g) => `• ${g.title} (+${g.gap} points)`),
  );
  const data = { current: s.value.current, max: s.value.max, percent: pct, calculatedAt: s.value.createdDateTime };
  if (pct >= RULES.secureScore.passPercent)
    return finding(check, 'pass', `Secure Score ${pct}% (${s.value.current} of ${s.value.max}) on ${day}`, { detail, data });
  return finding(check, 'warn', `Secure Score is low: ${pct}% (${s.value.current} of ${s.value.max}) on ${day}`, { detail, data });
}
