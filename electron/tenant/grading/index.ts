import type { Finding } from '../../../shared/contract/findings';
import { TENANT_CHECKS } from '../../../shared/contract/tenant';
import type { CheckId } from '../../../shared/domain/checks';
import type { TenantFacts } from '../facts';
import { ADMIN_VERDICTS } from './admin';
import { EXCHANGE_VERDICTS } from './exchange';
import { HARDENING_VERDICTS } from './exo-hardening';
import { PROTECTION_VERDICTS } from './protection';
import { legacyAuthBlocked, mfaEnforced, mfaRegistration } from './identity';
import { mobileAppProtection, mobileCompliance } from './mobile';
import { secureScore, tenantLicences } from './posture';

// One verdict function per tenant check. Pure: facts in, one finding out.
export const VERDICTS: Record<string, (f: TenantFacts) => Finding> = {
  'tenant.licences': tenantLicences,
  'mfa.enforced': mfaEnforced,
  'mfa.registration': mfaRegistration,
  'legacy-auth.blocked': legacyAuthBlocked,
  'mobile.compliance-policy': mobileCompliance,
  'mobile.app-protection': mobileAppProtection,
  'secure-score': secureScore,
  ...EXCHANGE_VERDICTS,
  ...PROTECTION_VERDICTS,
  ...HARDENING_VERDICTS,
  ...ADMIN_VERDICTS,
};

export function evaluate(facts: TenantFacts): Finding[] {
  return TENANT_CHECKS.map((check: CheckId) => {
    const rule = VERDICTS[check];
    if (!rule) throw new Error(`No verdict rule for ${check}`);
    return rule(facts);
  });
}
