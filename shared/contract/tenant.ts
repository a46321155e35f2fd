import { z } from 'zod';
import { Empty, Id, IsoDateTime, OperationId } from './common';
import { mutation, query } from './define';
import { Finding, ProbeRunSummary, type NotAssessableReason } from './findings';
import { Cloud } from './settings';
import type { CheckId } from '../domain/checks';

// The Microsoft 365 tenant probe: sign-in state, admin consent, probe runs with progress, the Exchange
// facts script import and offline re-evaluation. Tokens never cross this boundary: the backend holds
// them and the contract has no field that could carry one.

export const SignInMethod = z.enum(['browser', 'device-code']);
export type SignInMethod = z.infer<typeof SignInMethod>;

const ConnectionState = z.enum(['signed-out', 'signing-in', 'signed-in', 'lab']);
type ConnectionState = z.infer<typeof ConnectionState>;

const DeviceCodePrompt = z.object({
  userCode: z.string(),
  verificationUri: z.string(),
  expiresAt: IsoDateTime,
  message: z.string(),
});

export const TenantStatus = z.object({
  clientId: Id,
  // As recorded on the client (GUID or contoso.onmicrosoft.com); sign-in goes to this tenant.
  tenantRef: z.string().optional(),
  state: ConnectionState,
  account: z
    .object({
      username: z.string(),
      tenantId: z.string(),
      signedInAt: IsoDateTime,
      method: SignInMethod,
      exchangeConsented: z.boolean(),
    })
    .optional(),
  pending: z
    .object({
      method: SignInMethod,
      startedAt: IsoDateTime,
      // The Microsoft sign-in page. Set when the backend could not open the system browser itself
      // (web mode, tests); the renderer opens it. It carries no secret (PKCE keeps the verifier here).
      browserUrl: z.string().optional(),
      openedByHost: z.boolean(),
      deviceCode: DeviceCodePrompt.optional(),
    })
    .optional(),
  lastError: z.string().optional(),
  tokenStorage: z.object({ persistent: z.boolean(), description: z.string() }),
  app: z.object({
    clientId: z.string(),
    isDefault: z.boolean(),
    // True while this build still carries the placeholder registration (see README).
    isPlaceholder: z.boolean(),
    cloud: Cloud,
  }),
});
export type TenantStatus = z.infer<typeof TenantStatus>;

export const ConsentInfo = z.object({
  // Absent until the firm's app registration is set (Settings › Microsoft 365 sign-in).
  url: z.string().optional(),
  scopes: z.array(z.string()),
  consentRoles: z.array(z.string()),
  runRoles: z.array(z.string()),
  exchangeRoles: z.array(z.string()),
  // The one Exchange Online permission and why the probe asks for it (shown beside the consent link).
  exchangeScope: z.string(),
  exchangeWhy: z.string(),
});
export type ConsentInfo = z.infer<typeof ConsentInfo>;

// How the firm registers its own Microsoft app once (electron/probes/graph/app-registration.ts): every
// delegated permission the probe asks for with why, the redirect URIs and the one PowerShell script.
const AppRegistrationGuideSchema = z.object({
  cloud: Cloud,
  displayName: z.string(),
  signInAudience: z.string(),
  redirectUris: z.array(z.object({ uri: z.string(), why: z.string() })),
  publicClientFlows: z.string(),
  permissions: z.array(z.object({ api: z.string(), name: z.string(), why: z.string() })),
  script: z.string(),
});
export type AppRegistrationGuide = z.infer<typeof AppRegistrationGuideSchema>;

const ExchangeSourceChoice = z.enum(['none', 'rest']);

const CheckProgressState = z.enum(['queued', 'running', 'done']);
const ProbePhase = z.enum(['signing-in', 'collecting', 'evaluating', 'saving', 'done', 'failed']);

export const ProbeProgress = z.object({
  operationId: OperationId,
  phase: ProbePhase,
  checks: z.array(z.object({ check: z.string(), state: CheckProgressState })),
  requests: z.number().int().nonnegative(),
  startedAt: IsoDateTime,
  finishedAt: IsoDateTime.optional(),
  error: z.string().optional(),
});
export type ProbeProgress = z.infer<typeof ProbeProgress>;

export const TenantRunResult = z.object({
  run: ProbeRunSummary,
  tenantId: z.string(),
  exchangeSource: z.enum(['none', 'rest', 'script']),
});
export type TenantRunResult = z.infer<typeof TenantRunResult>;

const EvidenceExchange = z.object({
  seq: z.number().int(),
  method: z.string(),
  url: z.string(),
  status: z.number().int().optional(),
  ms: z.number(),
  size: z.number().int(),
  purpose: z.string().optional(),
  error: z.string().optional(),
  startedAt: IsoDateTime,
});

export const TenantEvidence = z.object({
  runId: Id,
  tenantId: z.string(),
  collectedAt: IsoDateTime,
  appVersion: z.string(),
  sha256: z.string(),
  fileName: z.string(),
  exchangeSource: z.enum(['none', 'rest', 'script']),
  scriptCollectedAt: IsoDateTime.optional(),
  exchanges: z.array(EvidenceExchange),
  emailDomains: z.array(z.object({ name: z.string(), isDefault: z.boolean(), expectedMx: z.string().optional() })),
});
export type TenantEvidence = z.infer<typeof TenantEvidence>;

export const tenantChannels = {
  'tenant.status': query(z.strictObject({ clientId: Id }), TenantStatus),
  'tenant.appRegistrationGuide': query(z.strictObject({ cloud: Cloud.optional() }), AppRegistrationGuideSchema),
  'tenant.consent': query(z.strictObject({ clientId: Id }), ConsentInfo),
  'tenant.signIn.start': mutation(
    // Exchange Online is read on the same sign-in unless the consultant opts out.
    z.strictObject({ clientId: Id, method: SignInMethod.default('browser'), includeExchange: z.boolean().default(true) }),
    TenantStatus,
    ['tenant.'],
  ),
  'tenant.signIn.cancel': mutation(z.strictObject({ clientId: Id }), TenantStatus, ['tenant.']),
  'tenant.signOut': mutation(z.strictObject({ clientId: Id }), TenantStatus, ['tenant.', 'client.', 'audit.']),
  'tenant.probe.run': mutation(
    z.strictObject({ clientId: Id, operationId: OperationId.optional(), exchange: ExchangeSourceChoice.default('rest') }),
    TenantRunResult,
    ['tenant.', 'probe.', 'assessment.', 'portfolio.', 'audit.', 'client.'],
  ),
  'tenant.probe.progress': query(z.strictObject({ operationId: OperationId }), ProbeProgress.nullable()),
  'tenant.exchange.import': mutation(z.strictObject({ clientId: Id, uploadId: Id, operationId: OperationId.optional() }), TenantRunResult, [
    'tenant.',
    'probe.',
    'assessment.',
    'portfolio.',
    'audit.',
    'client.',
  ]),
  // Registers the read-only PowerShell collection script as a download.
  'tenant.exchange.script': mutation(Empty, z.object({ downloadId: z.string(), fileName: z.string(), size: z.number() }), []),
  // Re-runs today's verdict rules over a stored snapshot, offline. With save, the result becomes a new run.
  'tenant.reevaluate': mutation(
    z.strictObject({ runId: Id, save: z.boolean().default(false) }),
    z.object({ findings: z.array(Finding), run: ProbeRunSummary.optional() }),
    ['tenant.', 'probe.', 'assessment.', 'portfolio.', 'audit.', 'client.'],
  ),
  'tenant.evidence': query(z.strictObject({ runId: Id }), TenantEvidence),
  'tenant.evidence.body': query(
    z.strictObject({ runId: Id, seq: z.number().int().min(0).max(100_000) }),
    z.object({ body: z.string(), truncated: z.boolean(), contentType: z.string().optional() }),
  ),
  'tenant.snapshot.download': mutation(z.strictObject({ runId: Id }), z.object({ downloadId: z.string(), fileName: z.string() }), []),
} as const;

// ---- Presentation data both sides use: areas, requirement mapping, reason wording ----

export type TenantArea = 'licences' | 'admin' | 'identity' | 'mobile' | 'mail' | 'protection' | 'posture';

export const TENANT_AREAS: { id: TenantArea; title: string; checks: CheckId[] }[] = [
  { id: 'licences', title: 'Licences', checks: ['tenant.licences'] },
  {
    id: 'admin',
    title: 'Administrator accounts',
    checks: ['admin.global-admin-count', 'admin.cloud-only', 'admin.phishing-resistant-mfa', 'admin.standing-access', 'entra.break-glass'],
  },
  {
    id: 'identity',
    title: 'Sign-in and MFA',
    checks: [
      'mfa.enforced',
      'mfa.registration',
      'mfa.weak-methods',
      'legacy-auth.blocked',
      'exo.smtp-auth-disabled',
      'entra.device-code-flow',
      'entra.risk-policies',
      'exo.shared-mailbox-sign-in',
    ],
  },
  { id: 'mobile', title: 'Mobile devices', checks: ['mobile.compliance-policy', 'mobile.app-protection', 'exo.mobile-mailbox-policy'] },
  {
    id: 'mail',
    title: 'Mail flow and data leaving',
    checks: [
      'exo.dkim-signing',
      'exo.nhsmail-connector-tls',
      'exo.auto-forwarding-blocked',
      'exo.sharing-policy',
      'exo.direct-send',
      'exo.message-encryption',
    ],
  },
  {
    id: 'protection',
    title: 'Malware, spam and phishing protection',
    checks: [
      'exo.anti-malware',
      'exo.anti-spam',
      'defender.anti-phishing',
      'exo.inbound-dmarc',
      'defender.safe-attachments',
      'defender.safe-links',
      'exo.filter-bypass',
      'exo.external-sender-tag',
    ],
  },
  {
    id: 'posture',
    title: 'Auditing, alerts and posture',
    checks: ['audit.unified-log', 'audit.retention', 'alerts.exfiltration', 'secure-score'],
  },
];

export const TENANT_CHECKS: CheckId[] = TENANT_AREAS.flatMap((a) => a.checks);

export const REASON_LABELS: Record<NotAssessableReason, string> = {
  'not-licensed': 'Not licensed',
  'no-permission': 'No permission',
  unreachable: 'Could not reach the service',
  'malformed-response': 'Unreadable response',
  'not-applicable': 'Not applicable',
  intercepted: 'Connection intercepted',
  'client-cannot-test': 'Cannot be tested from here',
  refused: 'Refused or throttled',
  'not-collected': 'Not collected',
};
