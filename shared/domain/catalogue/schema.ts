import { z } from 'zod';
import { checkRunsOn, isKnownCheck } from '../checks';
import { EVIDENCE_KIND_IDS } from '../evidence-kinds';

// The DCB1596 requirement catalogue is data, versioned and replaceable: when NHS England publishes new
// template wording, a consultant loads an updated file. Every requirement says where it comes from
// (provenance) so the UI can show which items are confirmed and which are our inference.

export const SECTIONS = {
  ELIG: 'Eligibility and process',
  ORG: 'Organisation',
  TECH: 'Domain and transport',
  O365: 'Office 365 configuration',
  ICT: 'ICT service provider',
} as const;
export type SectionId = keyof typeof SECTIONS;
export const SECTION_IDS = Object.keys(SECTIONS) as [SectionId, ...SectionId[]];

export const Obligation = z.enum(['MUST', 'SHOULD', 'RECOMMENDED', 'INFO']);
export type Obligation = z.infer<typeof Obligation>;

export const Provenance = z.enum(['nhs', 'nhs-legacy', 'official', 'third-party', 'inferred']);
export type Provenance = z.infer<typeof Provenance>;

export const PROVENANCE_LABELS: Record<Provenance, string> = {
  nhs: 'Confirmed (NHS)',
  'nhs-legacy': 'Historic NHS wording',
  official: 'Confirmed (non-NHS)',
  'third-party': 'Unconfirmed',
  inferred: 'Inferred — not mandatory',
};

export const CatalogueRoute = z.enum(['o365', 'google', 'self-managed']);

// A note that admits inference ("our inference", "inferred", "our reasoning").
const INFERENCE_NOTE = /\binferen|\binferred\b|our reasoning/i;

// The provenance lint: an item whose own note says part of it is our inference cannot claim a confirmed
// source (nhs, official) or be MUST — the catalogue must not overstate what its sources say.
export function provenanceLint(r: { obligation: string; provenance: string; provenanceNote?: string }): string | undefined {
  if (!r.provenanceNote || !INFERENCE_NOTE.test(r.provenanceNote)) return undefined;
  if (r.provenance === 'nhs' || r.provenance === 'official')
    return `Its note says it is (partly) our inference, so its provenance cannot be "${r.provenance}": use inferred, or move the inferred part to another item`;
  if (r.obligation === 'MUST') return 'Its note says it is (partly) our inference, so it cannot be MUST';
  return undefined;
}
export const Asserter = z.enum(['organisation-signatory', 'clinical-safety-expert', 'ict-expert']);
export type Asserter = z.infer<typeof Asserter>;
export const ASSERTER_LABELS: Record<Asserter, string> = {
  'organisation-signatory': 'Organisation signatory',
  'clinical-safety-expert': 'Clinical safety expert',
  'ict-expert': 'ICT expert',
};

const Key = z.string().regex(/^[a-z][a-zA-Z0-9]{0,40}$/, 'Field keys are camelCase letters and digits');

// Extra facts a requirement asks for (DSPT status and date, pen test date, data location…).
export const FieldDef = z.strictObject({
  key: Key,
  label: z.string().min(1).max(120),
  type: z.enum(['text', 'longtext', 'date', 'yes-no', 'choice']),
  options: z.array(z.string().min(1).max(80)).min(2).max(20).optional(),
  required: z.boolean().default(false),
  // Required only when another field has this value (e.g. "where?" when data leaves the UK).
  requiredWhen: z.strictObject({ key: Key, equals: z.string() }).optional(),
  hint: z.string().max(300).optional(),
  // For dates: must fall within this many months before the planned submission date.
  maxAgeMonths: z.number().int().min(1).max(120).optional(),
  // For expiry dates: must not be before the planned submission date.
  notBeforeSubmission: z.boolean().optional(),
});
export type FieldDef = z.infer<typeof FieldDef>;

const SourceRef = z.strictObject({
  id: z.string().regex(/^[A-Z0-9][A-Za-z0-9-]{0,15}$/),
  title: z.string().min(1).max(300),
  url: z.url({ protocol: /^https$/ }).optional(),
  provenance: Provenance,
});

export const Requirement = z
  .strictObject({
    id: z.string().regex(/^(ELIG|ORG|TECH|O365|ICT)-\d{2}$/, 'Requirement IDs look like ORG-01'),
    title: z.string().min(1).max(160),
    // What the source asks, as worded (kept apart from the stable ID so wording can change).
    wording: z.string().min(1).max(2000),
    // Plain English for a care provider: what to do and what to show.
    guidance: z.string().min(1).max(4000),
    obligation: Obligation,
    routes: z.array(CatalogueRoute).min(1),
    asserts: z.array(Asserter).min(1),
    evidenceKinds: z.array(z.enum(EVIDENCE_KIND_IDS)).default([]),
    checks: z.array(z.string().refine(isKnownCheck, { message: 'Unknown check ID' })).default([]),
    // The NHS template asks for the document's name, version, date and approval (ORG-01..04).
    documentReference: z.boolean().default(false),
    fields: z.array(FieldDef).max(12).default([]),
    provenance: Provenance,
    sources: z.array(z.string()).default([]),
    provenanceNote: z.string().max(1000).optional(),
    // Superseded wording kept for reference: hidden unless the user asks for historic items.
    legacy: z.boolean().default(false),
  })
  .superRefine((r, ctx) => {
    const lint = provenanceLint(r);
    if (lint) ctx.addIssue({ code: 'custom', path: ['provenance'], message: lint });
    if (r.obligation === 'MUST' && (r.provenance === 'inferred' || r.provenance === 'third-party')) {
      ctx.addIssue({
        code: 'custom',
        path: ['obligation'],
        message: `${r.provenance} requirements are never mandatory: use SHOULD or RECOMMENDED`,
      });
    }
    const keys = new Set<string>();
    r.fields.forEach((f, i) => {
      if (keys.has(f.key)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'key'], message: `Field "${f.key}" is defined twice` });
      keys.add(f.key);
      if (f.type === 'choice' && !f.options)
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'options'], message: 'A choice field needs options' });
      if (f.requiredWhen && !r.fields.some((g) => g.key === f.requiredWhen!.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i, 'requiredWhen', 'key'],
          message: `No field "${f.requiredWhen.key}" in this requirement`,
        });
      }
    });
  });
export type Requirement = z.infer<typeof Requirement>;
export type RequirementInput = z.input<typeof Requirement>;

export const Catalogue = z
  .strictObject({
    format: z.literal('dcb1596-catalogue/1'),
    version: z.string().regex(/^\d{4}\.\d{1,2}\.\d{1,3}(?:-[a-z0-9.]+)?$/, 'Versions look like 2026.11.0'),
    title: z.string().min(1).max(200),
    publishedAt: z.iso.date(),
    description: z.string().max(4000).optional(),
    // What changed in each version, newest first; the app shows the entry when a new catalogue is installed.
    changelog: z
      .array(
        z.strictObject({ version: z.string().max(40), date: z.iso.date(), changes: z.array(z.string().min(1).max(600)).min(1).max(30) }),
      )
      .max(50)
      .default([]),
    sources: z.array(SourceRef).default([]),
    requirements: z.array(Requirement).min(1).max(500),
  })
  .superRefine((c, ctx) => {
    const seen = new Map<string, number>();
    c.requirements.forEach((r, i) => {
      const first = seen.get(r.id);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['requirements', i, 'id'],
          message: `Duplicate requirement ID ${r.id} (also at requirements[${first}])`,
        });
      else seen.set(r.id, i);
      const known = new Set(c.sources.map((s) => s.id));
      r.sources.forEach((s, j) => {
        if (!known.has(s))
          ctx.addIssue({
            code: 'custom',
            path: ['requirements', i, 'sources', j],
            message: `Unknown source "${s}": add it to the catalogue's sources`,
          });
      });
    });
  });
export type Catalogue = z.infer<typeof Catalogue>;

export function sectionOf(requirementId: string): SectionId {
  return requirementId.split('-')[0] as SectionId;
}

// Mandatory means MUST from a confirmed source; the schema already refuses MUST on inferred items.
export function isMandatory(r: Pick<Requirement, 'obligation' | 'provenance'>): boolean {
  return r.obligation === 'MUST' && r.provenance !== 'inferred' && r.provenance !== 'third-party';
}

export function applicableRequirements(
  c: Pick<Catalogue, 'requirements'>,
  route: z.infer<typeof CatalogueRoute>,
  opts: { includeLegacy?: boolean } = {},
): Requirement[] {
  // Each requirement keeps only the checks that run on this route (a shared requirement such as ORG-04 lists a
  // Microsoft 365 check that a Google client can never run).
  return c.requirements
    .filter((r) => r.routes.includes(route) && (opts.includeLegacy || !r.legacy))
    .map((r) =>
      r.checks.every((check) => checkRunsOn(check, route)) ? r : { ...r, checks: r.checks.filter((check) => checkRunsOn(check, route)) },
    );
}
