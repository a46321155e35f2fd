// Licence gating by service-plan ID, never by SKU name: Business Premium, E3 and E5 bundle different plans,
// and wrong licence detection is the most common complaint about existing tools. IDs from Microsoft's
// "Product names and service plan identifiers for licensing" reference.

const SERVICE_PLANS = {
  entraP1: ['41781fb2-bc02-4b7c-bd55-b576c07bb09d' /* AAD_PREMIUM */],
  entraP2: ['eec0eb4f-6444-4f95-aba0-50c24d67f998' /* AAD_PREMIUM_P2 */],
  intune: [
    'c1ec4a95-1f05-45b3-a911-aa3fa01094f5' /* INTUNE_A */,
    'd216f254-796f-4dab-bbfa-710686e646b9' /* INTUNE_A_GOV */,
    '3e170737-c728-4eae-bbb9-3f3360f7184c' /* INTUNE_A_VL */,
    'da24caf9-af8e-485c-b7c8-e73336da2693' /* INTUNE_EDU */,
    '2b317a4a-77a6-4188-9437-b68a77b4e2c6' /* INTUNE_A_D */,
    'e6025b08-2fa5-4313-bd0a-7e5ffca32958' /* INTUNE_SMB */,
  ],
  basicMobility: ['882e1d05-acd1-4ccb-8708-6ee03664b117' /* INTUNE_O365 (Basic Mobility and Security) */],
  exchange: [
    'efb87545-963c-4e0d-99df-69c6916d9eb0' /* EXCHANGE_S_ENTERPRISE */,
    '9aaf7827-d63c-4b61-89c3-182f06f82e5c' /* EXCHANGE_S_STANDARD */,
    '8c3069c0-ccdb-44be-ab77-986203a67df2' /* EXCHANGE_S_ENTERPRISE_GOV */,
    'e9b4930a-925f-45e2-ac2a-3f7788ca6fdd' /* EXCHANGE_S_STANDARD_GOV */,
    '4a82b400-a79f-41a4-b4e2-e94f5787b113' /* EXCHANGE_S_DESKLESS */,
    '1126bef5-da20-4f07-b45e-ad25d2581aa8' /* EXCHANGE_S_ESSENTIALS */,
  ],
  defenderP1: [
    'f20fedf3-f3c3-43c3-8267-2bfdd51c0939' /* ATP_ENTERPRISE */,
    '493ff600-6a2b-4db6-ad37-a7d4eb214516' /* ATP_ENTERPRISE_GOV */,
  ],
  defenderP2: [
    '8e0c0a52-6a6c-4d40-8370-dd62790dcd70' /* THREAT_INTELLIGENCE */,
    '900018f1-0cdb-4ecb-94d4-90281760fdc6' /* THREAT_INTELLIGENCE_GOV */,
  ],
  // Microsoft Purview Audit (Premium): one year of audit log retention by default.
  auditPremium: ['2f442157-a11c-46b9-ae5b-6e39ff4e5849' /* M365_ADVANCED_AUDITING */],
  // Azure Rights Management, which Purview Message Encryption (OME) needs.
  rms: ['bea4c11e-220a-4e6d-8eb8-8ea15d019f90' /* RMS_S_ENTERPRISE */],
} as const;

export type Capability = keyof typeof SERVICE_PLANS;

export const CAPABILITY_LABELS: Record<Capability, string> = {
  entraP1: 'Microsoft Entra ID P1',
  entraP2: 'Microsoft Entra ID P2',
  intune: 'Microsoft Intune Plan 1',
  basicMobility: 'Basic Mobility and Security',
  exchange: 'Exchange Online',
  defenderP1: 'Defender for Office 365 Plan 1',
  defenderP2: 'Defender for Office 365 Plan 2',
  rms: 'Azure Rights Management (message encryption)',
  auditPremium: 'Microsoft Purview Audit (Premium)',
};

interface SkuSummary {
  skuId: string;
  partNumber: string;
  status: string;
  enabledUnits: number;
  consumedUnits: number;
}

export interface LicenceFacts {
  skus: SkuSummary[];
  // Service plans that are provisioned on an enabled (or expiring) subscription.
  plans: string[];
  has: Record<Capability, boolean>;
  from: 'subscribedSkus' | 'organization';
}

export function capabilitiesOf(plans: Iterable<string>): Record<Capability, boolean> {
  const set = new Set([...plans].map((p) => p.toLowerCase()));
  const has = {} as Record<Capability, boolean>;
  for (const [cap, ids] of Object.entries(SERVICE_PLANS) as [Capability, readonly string[]][]) has[cap] = ids.some((id) => set.has(id));
  // P2 includes P1.
  has.entraP1 ||= has.entraP2;
  has.defenderP1 ||= has.defenderP2;
  return has;
}

// Friendly names for the SKUs consultants meet most in care providers; anything else shows its part number.
export const SKU_NAMES: Record<string, string> = {
  SPE_E3: 'Microsoft 365 E3',
  SPE_E5: 'Microsoft 365 E5',
  ENTERPRISEPACK: 'Office 365 E3',
  ENTERPRISEPREMIUM: 'Office 365 E5',
  STANDARDPACK: 'Office 365 E1',
  SPB: 'Microsoft 365 Business Premium',
  O365_BUSINESS_PREMIUM: 'Microsoft 365 Business Standard',
  O365_BUSINESS_ESSENTIALS: 'Microsoft 365 Business Basic',
  EXCHANGESTANDARD: 'Exchange Online (Plan 1)',
  EXCHANGEENTERPRISE: 'Exchange Online (Plan 2)',
  AAD_PREMIUM: 'Microsoft Entra ID P1',
  AAD_PREMIUM_P2: 'Microsoft Entra ID P2',
  EMS: 'Enterprise Mobility + Security E3',
  INTUNE_A: 'Microsoft Intune Plan 1',
  SPE_F1: 'Microsoft 365 F3',
};
