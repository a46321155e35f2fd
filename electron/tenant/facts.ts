import { z } from 'zod';
import type { NotAssessableReason } from '../../shared/contract/findings';
import { COMPLIANCE_CMDLETS, type CmdletName } from '../probes/exchange/cmdlets';
import { isNonPremium, parseGraphError, type SourceFailure } from '../probes/graph/graph-errors';
import { capabilitiesOf, CAPABILITY_LABELS, type LicenceFacts } from './licences';
import { bodyAt, type SourceRecord, type TenantSnapshot } from './snapshot';
import { domainRecordsKey, LEGACY_CLIENT_APPS, graphSources, type GraphSource } from './sources';

// Snapshot → facts. Every Graph and Exchange answer is validated against the fields we rely on (zod);
// anything missing, mistyped or truncated makes that one fact unavailable with a reason, never a crash and
// never a guess. Verdicts only ever see facts.

export type Fact<T> = { ok: true; value: T } | { ok: false; reason: NotAssessableReason; detail: string };

const nullish = <T extends z.ZodType>(t: T) => t.nullish();
const StrList = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

const Organization = z.object({
  id: z.string(),
  displayName: nullish(z.string()),
  countryLetterCode: nullish(z.string()),
  onPremisesSyncEnabled: nullish(z.boolean()),
  verifiedDomains: z
    .array(
      z.object({ name: z.string(), isInitial: nullish(z.boolean()), isDefault: nullish(z.boolean()), capabilities: nullish(z.string()) }),
    )
    .nullish()
    .transform((v) => v ?? []),
  assignedPlans: z
    .array(z.object({ servicePlanId: z.string(), capabilityStatus: nullish(z.string()) }))
    .nullish()
    .transform((v) => v ?? []),
});

const Sku = z.object({
  skuId: z.string(),
  skuPartNumber: nullish(z.string()),
  capabilityStatus: z.string(),
  consumedUnits: nullish(z.number()),
  prepaidUnits: nullish(z.object({ enabled: nullish(z.number()) })),
  servicePlans: z.array(
    z.object({ servicePlanId: z.string(), servicePlanName: nullish(z.string()), provisioningStatus: nullish(z.string()) }),
  ),
});

const Domain = z.object({
  id: z.string(),
  isVerified: z.boolean(),
  isDefault: nullish(z.boolean()),
  isInitial: nullish(z.boolean()),
  supportedServices: StrList,
});

const ServiceRecord = z.object({
  recordType: nullish(z.string()),
  label: nullish(z.string()),
  mailExchange: nullish(z.string()),
  text: nullish(z.string()),
});

const CaPolicy = z.object({
  id: z.string(),
  displayName: nullish(z.string()),
  // Kept as text: a state Microsoft adds later must read as "not enforcing", not as an error.
  state: z.string(),
  conditions: z.object({
    clientAppTypes: StrList,
    signInRiskLevels: StrList,
    userRiskLevels: StrList,
    applications: nullish(z.object({ includeApplications: StrList, excludeApplications: StrList })),
    users: nullish(
      z.object({
        includeUsers: StrList,
        excludeUsers: StrList,
        includeGroups: StrList,
        excludeGroups: StrList,
        includeRoles: StrList,
        excludeRoles: StrList,
      }),
    ),
    platforms: nullish(z.object({ includePlatforms: StrList, excludePlatforms: StrList })),
    locations: nullish(z.object({ includeLocations: StrList, excludeLocations: StrList })),
    // "deviceCodeFlow,authenticationTransfer": one string of flags, as Graph documents it.
    authenticationFlows: nullish(z.object({ transferMethods: nullish(z.string()) })),
  }),
  grantControls: nullish(
    z.object({
      operator: nullish(z.string()),
      builtInControls: StrList,
      authenticationStrength: nullish(
        z.object({ id: nullish(z.string()), displayName: nullish(z.string()), allowedCombinations: StrList }),
      ),
    }),
  ),
});
export type CaPolicy = z.infer<typeof CaPolicy>;

const RegistrationUser = z.object({
  id: z.string(),
  userPrincipalName: nullish(z.string()),
  userType: nullish(z.string()),
  isAdmin: nullish(z.boolean()),
  isMfaRegistered: z.boolean(),
  methodsRegistered: StrList,
});
export type RegistrationUser = z.infer<typeof RegistrationUser>;

const SecureScore = z.object({
  createdDateTime: z.string(),
  currentScore: z.number(),
  maxScore: z.number().positive(),
  controlScores: z
    .array(z.object({ controlName: z.string(), score: nullish(z.number()), controlCategory: nullish(z.string()) }))
    .nullish()
    .transform((v) => v ?? []),
});
const ControlProfile = z.object({
  id: z.string(),
  title: nullish(z.string()),
  maxScore: nullish(z.number()),
  deprecated: nullish(z.boolean()),
  service: nullish(z.string()),
});

const CompliancePolicy = z.object({
  '@odata.type': z.string(),
  id: z.string(),
  displayName: nullish(z.string()),
  passcodeRequired: nullish(z.boolean()),
  passwordRequired: nullish(z.boolean()),
  storageRequireEncryption: nullish(z.boolean()),
  assignments: z.array(z.unknown()).nullish(),
});
export type CompliancePolicy = z.infer<typeof CompliancePolicy>;

const AppProtection = z.object({
  '@odata.type': z.string(),
  id: z.string(),
  displayName: nullish(z.string()),
  pinRequired: nullish(z.boolean()),
  dataBackupBlocked: nullish(z.boolean()),
  saveAsBlocked: nullish(z.boolean()),
  allowedOutboundDataTransferDestinations: nullish(z.string()),
  isAssigned: nullish(z.boolean()),
});
export type AppProtectionPolicy = z.infer<typeof AppProtection>;

const DirUser = z.object({
  id: z.string(),
  userPrincipalName: nullish(z.string()),
  displayName: nullish(z.string()),
  accountEnabled: nullish(z.boolean()),
  onPremisesSyncEnabled: nullish(z.boolean()),
  userType: nullish(z.string()),
  assignedLicenses: z
    .array(z.object({ skuId: z.string() }))
    .nullish()
    .transform((v) => v ?? []),
});
export type DirUser = z.infer<typeof DirUser>;

const RoleAssignment = z.object({
  id: z.string(),
  principalId: z.string(),
  roleDefinitionId: z.string(),
  directoryScopeId: nullish(z.string()),
  principal: nullish(
    z.object({
      '@odata.type': nullish(z.string()),
      id: nullish(z.string()),
      displayName: nullish(z.string()),
      userPrincipalName: nullish(z.string()),
      onPremisesSyncEnabled: nullish(z.boolean()),
    }),
  ),
});
export type RoleAssignment = z.infer<typeof RoleAssignment>;

const RoleSchedule = z.object({
  id: z.string(),
  principalId: z.string(),
  roleDefinitionId: z.string(),
  assignmentType: nullish(z.string()),
  memberType: nullish(z.string()),
  endDateTime: nullish(z.string()),
});
export type RoleSchedule = z.infer<typeof RoleSchedule>;

const SignIn = z.object({
  createdDateTime: z.string(),
  userPrincipalName: nullish(z.string()),
  clientAppUsed: nullish(z.string()),
  status: nullish(z.object({ errorCode: nullish(z.number()) })),
});

const AuthMethods = z.object({ authenticationMethodConfigurations: z.array(z.object({ id: z.string(), state: z.string() })) });

interface EmailDomain {
  name: string;
  isDefault: boolean;
  expectedMx?: string;
  expectedSpf?: string;
}

interface LegacySignIns {
  since: string;
  byApp: { app: string; total: number; succeeded: number; users: string[]; capped: boolean }[];
}

interface SecureScoreFacts {
  createdDateTime: string;
  current: number;
  max: number;
  gaps: { title: string; gap: number }[];
}

export interface TenantFacts {
  tenant: Fact<{ id: string; displayName?: string; initialDomain?: string; verifiedDomains: string[] }>;
  licences: Fact<LicenceFacts>;
  emailDomains: Fact<EmailDomain[]>;
  securityDefaults: Fact<{ isEnabled: boolean }>;
  conditionalAccess: Fact<CaPolicy[]>;
  authMethods: Fact<{ enabled: string[] }>;
  // Either every user's registration, or (with `registrationSummary`) only the accounts without MFA.
  registration: Fact<RegistrationUser[]>;
  // Microsoft's summary report: how many member accounts there are, so the list above need only name the
  // unregistered. Absent when the report was not read; `registrationNote` then says why, when it was tried.
  registrationSummary?: { members: number };
  registrationNote?: string;
  secureScore: Fact<SecureScoreFacts>;
  compliancePolicies: Fact<CompliancePolicy[]>;
  appProtection: Fact<AppProtectionPolicy[]>;
  legacySignIns: Fact<LegacySignIns>;
  users: Fact<DirUser[]>;
  roleAssignments: Fact<RoleAssignment[]>;
  roleSchedules: Fact<RoleSchedule[]>;
  // SKU ID → whether it includes Exchange Online (to tell mail users from break-glass accounts).
  mailSkus: Set<string>;
  exchange: ExchangeFacts;
}

interface ExchangeFacts {
  source: 'none' | 'rest' | 'script';
  collectedAt?: string;
  rows(cmdlet: CmdletName): Fact<Record<string, unknown>[]>;
}

// ---- reading sources ----

const SOURCE_BY_KEY = new Map(graphSources('1970-01-01T00:00:00Z').map((s) => [s.key.startsWith('signIns:') ? 'signIns' : s.key, s]));

function sourceInfo(key: string): GraphSource | undefined {
  return SOURCE_BY_KEY.get(key.startsWith('signIns:') ? 'signIns' : key);
}

// The pages of one source as JSON bodies, or why not.
function pagesOf(snap: TenantSnapshot, key: string, licences?: LicenceFacts, acceptPageCap = false): Fact<unknown[]> {
  const rec: SourceRecord | undefined = snap.graph[key];
  if (!rec) return { ok: false, reason: 'not-collected', detail: 'This was not read in this run.' };
  if (rec.failure && !(acceptPageCap && rec.failure.kind === 'page-cap' && rec.pages.length > 0)) {
    return { ok: false, ...classify(snap, key, rec.failure, licences) };
  }
  const bodies: unknown[] = [];
  for (const ref of rec.pages) {
    const b = bodyAt(snap, ref);
    if (!b.ok) return { ok: false, reason: 'malformed-response', detail: b.error };
    bodies.push(b.body);
  }
  return { ok: true, value: bodies };
}

function collectionOf<T extends z.ZodType>(
  snap: TenantSnapshot,
  key: string,
  item: T,
  licences?: LicenceFacts,
  acceptPageCap = false,
): Fact<z.output<T>[]> {
  const pages = pagesOf(snap, key, licences, acceptPageCap);
  if (!pages.ok) return pages;
  const out: z.output<T>[] = [];
  for (const [i, page] of pages.value.entries()) {
    const value = (page as { value?: unknown } | null)?.value;
    if (!Array.isArray(value)) return { ok: false, reason: 'malformed-response', detail: `Page ${i + 1} has no "value" list.` };
    for (const raw of value) {
      const r = item.safeParse(raw);
      if (!r.success)
        return {
          ok: false,
          reason: 'malformed-response',
          detail: `An entry on page ${i + 1} does not have the documented shape (${describeZod(r.error)}).`,
        };
      out.push(r.data);
    }
  }
  return { ok: true, value: out };
}

function entityOf<T extends z.ZodType>(snap: TenantSnapshot, key: string, schema: T, licences?: LicenceFacts): Fact<z.output<T>> {
  const pages = pagesOf(snap, key, licences);
  if (!pages.ok) return pages;
  const r = schema.safeParse(pages.value[0]);
  if (!r.success)
    return { ok: false, reason: 'malformed-response', detail: `The answer does not have the documented shape (${describeZod(r.error)}).` };
  return { ok: true, value: r.data };
}

function describeZod(e: z.ZodError): string {
  const i = e.issues[0];
  return i ? `${i.path.join('.') || 'body'}: ${i.message}` : 'invalid';
}

const LICENCE_FOR: Record<string, string> = {
  entraP1: CAPABILITY_LABELS.entraP1,
  entraP2: CAPABILITY_LABELS.entraP2,
  intune: CAPABILITY_LABELS.intune,
};

// Why a read failed, in the terms a consultant can act on.
function classify(
  snap: Pick<TenantSnapshot, 'exchanges'>,
  key: string,
  f: SourceFailure,
  licences?: LicenceFacts,
): { reason: NotAssessableReason; detail: string } {
  const src = sourceInfo(key);
  const needs = src?.licence ? LICENCE_FOR[src.licence] : undefined;
  const licensed = src?.licence && licences ? licences.has[src.licence] : undefined;
  switch (f.kind) {
    case 'http': {
      if (f.status === 403 || f.status === 401) {
        if (isNonPremium(f))
          return {
            reason: 'not-licensed',
            detail: `Not licensed: needs ${needs ?? CAPABILITY_LABELS.entraP1}. Microsoft answered "${f.code}".`,
          };
        const body = f.ref ? bodyAt(snap, f.ref) : undefined;
        const intune = body?.ok ? parseGraphError(body.body).intuneWrapped : false;
        if ((intune || src?.licence) && licensed === false) return { reason: 'not-licensed', detail: `Not licensed: needs ${needs}.` };
        if (f.status === 401)
          return { reason: 'no-permission', detail: 'Microsoft did not accept the sign-in for this read (HTTP 401). Sign in again.' };
        return {
          reason: 'no-permission',
          detail: `No permission: needs the ${src?.permission ?? 'read'} permission (admin consent) and a role such as Global Reader${f.code ? ` — Microsoft answered "${f.code}"` : ''}.`,
        };
      }
      if (f.status === 404) return { reason: 'unreachable', detail: 'Microsoft Graph did not find this resource (HTTP 404).' };
      if (f.status && f.status >= 500)
        return { reason: 'unreachable', detail: `Microsoft Graph failed (HTTP ${f.status}). Try again later.` };
      return { reason: 'refused', detail: `Microsoft Graph refused the request (HTTP ${f.status}${f.code ? `, ${f.code}` : ''}).` };
    }
    case 'throttled':
      return { reason: 'refused', detail: `Throttled by Microsoft: ${f.message}` };
    case 'timeout':
    case 'network':
    case 'cancelled':
      return { reason: 'unreachable', detail: f.message };
    default:
      return { reason: 'malformed-response', detail: f.message };
  }
}

// ---- facts ----

export function extractFacts(snap: TenantSnapshot): TenantFacts {
  const org = entityOf(snap, 'organization', z.object({ value: z.array(Organization).min(1) }));
  const tenant: TenantFacts['tenant'] = org.ok
    ? {
        ok: true,
        value: {
          id: org.value.value[0]!.id,
          displayName: org.value.value[0]!.displayName ?? undefined,
          initialDomain: org.value.value[0]!.verifiedDomains.find((d) => d.isInitial)?.name,
          verifiedDomains: org.value.value[0]!.verifiedDomains.map((d) => d.name),
        },
      }
    : org;
  const licences = licenceFacts(snap, org.ok ? org.value.value[0]! : undefined);
  const lic = licences.ok ? licences.value : undefined;
  const sd = entityOf(snap, 'securityDefaults', z.object({ isEnabled: z.boolean() }));
  const authMethods = entityOf(snap, 'authMethods', AuthMethods);
  return {
    tenant,
    licences,
    emailDomains: emailDomains(snap),
    securityDefaults: sd.ok ? { ok: true, value: { isEnabled: sd.value.isEnabled } } : sd,
    conditionalAccess: collectionOf(snap, 'conditionalAccess', CaPolicy, lic),
    authMethods: authMethods.ok
      ? {
          ok: true,
          value: { enabled: authMethods.value.authenticationMethodConfigurations.filter((m) => m.state === 'enabled').map((m) => m.id) },
        }
      : authMethods,
    ...registrationFacts(snap, lic),
    secureScore: secureScore(snap),
    compliancePolicies: collectionOf(snap, 'compliancePolicies', CompliancePolicy, lic),
    appProtection: collectionOf(snap, 'appProtection', AppProtection, lic),
    legacySignIns: legacySignIns(snap, lic),
    users: collectionOf(snap, 'users', DirUser, lic, true),
    roleAssignments: collectionOf(snap, 'roleAssignments', RoleAssignment, lic),
    roleSchedules: collectionOf(snap, 'roleSchedules', RoleSchedule, lic),
    mailSkus: mailSkus(snap),
    exchange: exchangeFacts(snap),
  };
}

const RegistrationSummary = z.object({ totalUserCount: z.number().int().nonnegative(), userTypes: nullish(z.string()) });

// The summary path of MFA registration: Microsoft's count of member accounts plus the list of accounts
// without MFA, when both answered in the documented shape and agree with each other; else why not.
type SummaryPath =
  { ok: true; unregistered: Fact<RegistrationUser[]>; members: number } | { ok: false; why: string; refusal?: Fact<RegistrationUser[]> };

function summaryPath(snap: TenantSnapshot, lic?: LicenceFacts): SummaryPath {
  const summary = entityOf(snap, 'registrationSummary', RegistrationSummary, lic);
  const gaps = collectionOf(snap, 'registrationGaps', RegistrationUser, lic);
  if (!gaps.ok) return { ok: false, why: gaps.detail, refusal: gaps };
  if (!summary.ok) return { ok: false, why: summary.detail, refusal: summary };
  if ((summary.value.userTypes ?? 'member') !== 'member') return { ok: false, why: 'The report did not count member accounts only.' };
  if (gaps.value.some((u) => u.isMfaRegistered)) return { ok: false, why: 'The list of accounts without MFA named a registered account.' };
  return { ok: true, unregistered: gaps, members: summary.value.totalUserCount };
}

// Whether the collector must read every user's registration: the summary path cannot answer, and not for
// want of Entra ID P1 (then the per-user report is refused too, and the refusal is the answer).
export function registrationFallbackNeeded(snap: Pick<TenantSnapshot, 'exchanges' | 'graph'>): boolean {
  const s = snap as TenantSnapshot;
  if (summaryPath(s).ok) return false;
  return ![s.graph.registrationSummary?.failure, s.graph.registrationGaps?.failure].some(isNonPremium);
}

// MFA registration: the summary path when it answers; else every user's registration (old snapshots, and
// runs where the report could not be used), saying why.
function registrationFacts(
  snap: TenantSnapshot,
  lic: LicenceFacts | undefined,
): Pick<TenantFacts, 'registration' | 'registrationSummary' | 'registrationNote'> {
  if (!snap.graph.registrationSummary) return { registration: collectionOf(snap, 'registration', RegistrationUser, lic) };
  const sp = summaryPath(snap, lic);
  if (sp.ok) return { registration: sp.unregistered, registrationSummary: { members: sp.members } };
  // Not read when the reports were refused for want of a licence: the refusal is the answer.
  if (!snap.graph.registration) return { registration: sp.refusal ?? { ok: false, reason: 'malformed-response', detail: sp.why } };
  return {
    registration: collectionOf(snap, 'registration', RegistrationUser, lic),
    registrationNote: `Microsoft's registration summary report could not be used (${sp.why.replace(/\.$/, '')}), so every user's registration was read instead.`,
  };
}

// The directory accounts a run's answers name (privileged role holders, Conditional Access exclusions,
// shared mailboxes), read through the same validation the verdicts use, so a hostile answer cannot put
// anything but a validated ID into the look-up. The collector asks for these while Exchange still answers.
export function namedAccountIds(snap: Pick<TenantSnapshot, 'exchanges' | 'graph' | 'exchange'>): string[] {
  const s = snap as TenantSnapshot;
  const ids: string[] = [];
  const ca = collectionOf(s, 'conditionalAccess', CaPolicy);
  if (ca.ok) for (const p of ca.value) ids.push(...(p.conditions.users?.excludeUsers ?? []));
  for (const key of ['roleAssignments', 'roleSchedules']) {
    const r = collectionOf(s, key, z.object({ principalId: z.string() }));
    if (r.ok) ids.push(...r.value.map((a) => a.principalId));
  }
  const mbx = exchangeFacts(s).rows('Get-Mailbox');
  if (mbx.ok) for (const m of mbx.value) if (typeof m.ExternalDirectoryObjectId === 'string') ids.push(m.ExternalDirectoryObjectId);
  return ids;
}

function licenceFacts(snap: TenantSnapshot, org: z.infer<typeof Organization> | undefined): Fact<LicenceFacts> {
  const skus = collectionOf(snap, 'subscribedSkus', Sku);
  if (skus.ok) {
    // Expiring subscriptions ("Warning") still work; suspended ones do not.
    const live = skus.value.filter((s) => s.capabilityStatus === 'Enabled' || s.capabilityStatus === 'Warning');
    const plans = live.flatMap((s) =>
      s.servicePlans.filter((p) => (p.provisioningStatus ?? 'Success') === 'Success').map((p) => p.servicePlanId),
    );
    return {
      ok: true,
      value: {
        skus: skus.value.map((s) => ({
          skuId: s.skuId,
          partNumber: s.skuPartNumber ?? s.skuId,
          status: s.capabilityStatus,
          enabledUnits: s.prepaidUnits?.enabled ?? 0,
          consumedUnits: s.consumedUnits ?? 0,
        })),
        plans,
        has: capabilitiesOf(plans),
        from: 'subscribedSkus',
      },
    };
  }
  // subscribedSkus can be refused where the organization still lists its plans.
  if (org) {
    const plans = org.assignedPlans
      .filter((p) => p.capabilityStatus === 'Enabled' || p.capabilityStatus === 'Warning')
      .map((p) => p.servicePlanId);
    return { ok: true, value: { skus: [], plans, has: capabilitiesOf(plans), from: 'organization' } };
  }
  return skus;
}

function mailSkus(snap: TenantSnapshot): Set<string> {
  const skus = collectionOf(snap, 'subscribedSkus', Sku);
  if (!skus.ok) return new Set();
  return new Set(
    skus.value.filter((s) => capabilitiesOf(s.servicePlans.map((p) => p.servicePlanId)).exchange).map((s) => s.skuId.toLowerCase()),
  );
}

function emailDomains(snap: TenantSnapshot): Fact<EmailDomain[]> {
  const domains = collectionOf(snap, 'domains', Domain);
  if (!domains.ok) return domains;
  return {
    ok: true,
    value: domains.value
      // Unverified, non-email and *.onmicrosoft.com domains are not accredited mail domains (ORCA #140).
      .filter((d) => d.isVerified && d.supportedServices.includes('Email') && !isMicrosoftDomain(d.id))
      .map((d) => {
        const records = collectionOf(snap, domainRecordsKey(d.id), ServiceRecord);
        const list = records.ok ? records.value : [];
        return {
          name: d.id.toLowerCase(),
          isDefault: !!d.isDefault,
          expectedMx: list.find((r) => r.recordType?.toLowerCase() === 'mx')?.mailExchange ?? undefined,
          expectedSpf: list.find((r) => r.recordType?.toLowerCase() === 'txt' && r.text?.startsWith('v=spf1'))?.text ?? undefined,
        };
      }),
  };
}

export function isMicrosoftDomain(d: string): boolean {
  return /\.(onmicrosoft\.(com|us)|partner\.onmschina\.cn|mail\.onmicrosoft\.com)$/i.test(d);
}

function secureScore(snap: TenantSnapshot): Fact<SecureScoreFacts> {
  const scores = collectionOf(snap, 'secureScores', SecureScore);
  if (!scores.ok) return scores;
  const latest = [...scores.value].sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime))[0];
  if (!latest) return { ok: false, reason: 'not-applicable', detail: 'Microsoft has not calculated a Secure Score for this tenant yet.' };
  const profiles = collectionOf(snap, 'controlProfiles', ControlProfile);
  const byId = new Map((profiles.ok ? profiles.value : []).map((p) => [p.id, p]));
  const gaps = latest.controlScores
    .map((c) => {
      const p = byId.get(c.controlName);
      return { title: p?.title ?? c.controlName, gap: (p?.maxScore ?? 0) - (c.score ?? 0), deprecated: !!p?.deprecated };
    })
    .filter((g) => g.gap > 0 && !g.deprecated)
    .sort((a, b) => b.gap - a.gap)
    .slice(0, 5)
    .map(({ title, gap }) => ({ title, gap }));
  return { ok: true, value: { createdDateTime: latest.createdDateTime, current: latest.currentScore, max: latest.maxScore, gaps } };
}

function legacySignIns(snap: TenantSnapshot, lic: LicenceFacts | undefined): Fact<LegacySignIns> {
  const byApp: LegacySignIns['byApp'] = [];
  for (const app of LEGACY_CLIENT_APPS) {
    const key = `signIns:${app}`;
    const rec = snap.graph[key];
    // A page cap on the sign-in log is not an error: we report "at least" that many.
    const capped = rec?.failure?.kind === 'page-cap';
    const usable = collectionOf(snap, key, SignIn, lic, true);
    if (!usable.ok) return usable;
    const ok = usable.value.filter((s) => (s.status?.errorCode ?? 0) === 0);
    byApp.push({
      app,
      total: usable.value.length,
      succeeded: ok.length,
      users: [...new Set(ok.map((s) => s.userPrincipalName).filter((u): u is string => !!u))].slice(0, 10),
      capped,
    });
  }
  return { ok: true, value: { since: snap.params.signInsSince, byApp } };
}

// ---- Exchange ----

// What the Exchange checks say when the customer's admin refused the Exchange consent (or the token was
// not accepted). The first sentence becomes the finding's summary.
const EXCHANGE_CONSENT_REFUSED =
  "Exchange consent not granted: run the read-only PowerShell script (Collect-DCB1596ExchangeFacts.ps1) and import its output. The customer's admin has not consented to the Exchange.Manage permission, which the probe uses only to run read-only Get-* cmdlets. Download the script from the tenant tab (Exchange Online › Download script) or take it from resources/exchange, have the admin run it, then import the file there or with: dcb1596 probe tenant <client> --exchange-json <file>.";

function exchangeFacts(snap: TenantSnapshot): ExchangeFacts {
  const ex = snap.exchange;
  if (ex.source === 'none') {
    const refused = ex.reason === 'consent-refused';
    return {
      source: 'none',
      rows: () =>
        refused
          ? { ok: false, reason: 'no-permission', detail: EXCHANGE_CONSENT_REFUSED }
          : {
              ok: false,
              reason: 'not-collected',
              detail:
                'Exchange Online settings were not collected in this run. Run the probe again (Exchange is read on the same sign-in), or import the output of the read-only PowerShell script.',
            },
    };
  }
  if (ex.source === 'script') {
    return {
      source: 'script',
      collectedAt: ex.output.collectedAt,
      rows(cmdlet) {
        const out = ex.output.cmdlets[cmdlet];
        if (!out)
          return {
            ok: false,
            reason: 'not-collected',
            detail: `The script output has no ${cmdlet} (an older script version?). Send the customer the current script.`,
          };
        if (!out.ok) return { ok: false, ...classifyCmdletError(cmdlet, out.error) };
        return { ok: true, value: out.data };
      },
    };
  }
  return {
    source: 'rest',
    collectedAt: snap.collectedAt,
    rows(cmdlet) {
      const rec = ex.cmdlets[cmdlet];
      if (!rec) return { ok: false, reason: 'not-collected', detail: `${cmdlet} was not run.` };
      if (rec.failure) {
        const f = rec.failure;
        // 401 after a token refresh, or no token at all: the Exchange permission is missing.
        if (f.kind === 'consent' || (f.kind === 'http' && f.status === 401))
          return { ok: false, reason: 'no-permission', detail: EXCHANGE_CONSENT_REFUSED };
        if (f.kind === 'http' && f.status === 403) {
          return {
            ok: false,
            reason: 'no-permission',
            detail: `Exchange Online refused ${cmdlet} (HTTP 403): Exchange consent not granted, or the account lacks Global Reader / View-Only Organization Management. ${EXCHANGE_CONSENT_REFUSED}`,
          };
        }
        if (f.kind === 'http' && f.status === 400 && /not recognized/i.test(f.message))
          return { ok: false, ...classifyCmdletError(cmdlet, f.message, true) };
        return { ok: false, ...classify(snap, cmdlet, f) };
      }
      const rows: Record<string, unknown>[] = [];
      for (const ref of rec.pages) {
        const b = bodyAt(snap, ref);
        const value = b.ok ? (b.body as { value?: unknown } | null)?.value : undefined;
        if (!Array.isArray(value)) return { ok: false, reason: 'malformed-response', detail: `The ${cmdlet} answer has no "value" list.` };
        for (const r of value) if (r && typeof r === 'object') rows.push(r as Record<string, unknown>);
      }
      return { ok: true, value: rows };
    },
  };
}

function classifyCmdletError(cmdlet: CmdletName, error: string, rest = false): { reason: NotAssessableReason; detail: string } {
  // Security & Compliance cmdlets are not on Exchange Online's endpoint: the script connects to both.
  if (rest && (COMPLIANCE_CMDLETS as string[]).includes(cmdlet) && /not recognized/i.test(error)) {
    return {
      reason: 'not-collected',
      detail: `${cmdlet} is a Security & Compliance cmdlet that the Exchange Online connection cannot run. The read-only PowerShell script (Collect-DCB1596ExchangeFacts.ps1) collects it: import its output to assess this.`,
    };
  }
  // Exchange RBAC hides cmdlets the role cannot run, so "not recognized" means "not allowed".
  if (/not recognized|access.{0,20}denied|not authori[sz]ed|permission|forbidden/i.test(error)) {
    return {
      reason: 'no-permission',
      detail: `${cmdlet} was not allowed for the account that ran it (needs Global Reader or View-Only Organization Management): ${error.slice(0, 300)}`,
    };
  }
  return { reason: 'unreachable', detail: `${cmdlet} failed: ${error.slice(0, 300)}` };
}
