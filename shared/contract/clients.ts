import { z } from 'zod';
import { mutation, query } from './define';
import { Email, Id, IsoDateTime, LongText, RequiredText, ShortText } from './common';
import { CQC_FORMAT_HINT, ODS_FORMAT_HINT, isValidCqcLocationId, isValidOdsCode, normaliseOdsCode } from '../domain/ods-code';
import { normaliseEmailDomain } from '../domain/email-domain';

export const Route = z.enum(['o365', 'google', 'self-managed']);
export type Route = z.infer<typeof Route>;

export const ROUTE_LABELS: Record<Route, string> = {
  o365: 'Microsoft 365 (Office 365)',
  google: 'Google Workspace',
  'self-managed': 'Self-managed (Exchange on-premises, hybrid or other)',
};

const OdsCode = z
  .string()
  .transform(normaliseOdsCode)
  .refine((v) => v.length > 0, 'ODS code is required')
  .refine((v) => v.length === 0 || isValidOdsCode(v), { message: ODS_FORMAT_HINT });

const CqcLocationId = z.string().trim().refine(isValidCqcLocationId, { message: CQC_FORMAT_HINT });

export const EmailDomain = z
  .string()
  .max(300)
  .transform((raw, ctx) => {
    const r = normaliseEmailDomain(raw);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r.domain;
  });

// A tenant is named by its GUID or its initial *.onmicrosoft.com domain; consultants know either.
const TenantRef = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]{1,63}\.onmicrosoft\.(?:com|us)|[a-z0-9-]{1,63}\.partner\.onmschina\.cn)$/,
    'Use the tenant ID (a GUID) or its contoso.onmicrosoft.com domain',
  );

const SiteInput = z.strictObject({
  name: RequiredText('Site name'),
  odsCode: OdsCode.optional(),
});

const Contact = z.strictObject({
  name: RequiredText('Contact name'),
  role: ShortText('Role').optional(),
  email: Email.optional(),
  phone: ShortText('Phone', 40).optional(),
});

const uniqueBy =
  <T>(key: (t: T) => string, what: string) =>
  (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `${what} "${k}" is listed twice`, path: [i] });
      seen.add(k);
    });
  };

export const ClientInput = z.strictObject({
  legalName: RequiredText('Legal name'),
  tradingName: ShortText('Trading name').optional(),
  odsCode: OdsCode,
  cqcLocationIds: z
    .array(CqcLocationId)
    .max(200)
    .default([])
    .superRefine(uniqueBy((s: string) => s, 'CQC location')),
  domains: z
    .array(EmailDomain)
    .min(1, 'Add at least one email domain to accredit')
    .max(50, 'At most 50 domains per client')
    .superRefine(uniqueBy((s: string) => s, 'Domain')),
  route: Route,
  tenant: TenantRef.optional(),
  sites: z.array(SiteInput).max(500).default([]),
  contacts: z.array(Contact).max(50).default([]),
  notes: LongText('Notes').optional(),
});
export type ClientInput = z.input<typeof ClientInput>;
export type ClientFields = z.output<typeof ClientInput>;

const Site = z.object({ id: Id, name: z.string(), odsCode: z.string().optional() });

export const Client = z.object({
  id: Id,
  legalName: z.string(),
  tradingName: z.string().optional(),
  odsCode: z.string(),
  cqcLocationIds: z.array(z.string()),
  domains: z.array(z.string()),
  route: Route,
  tenant: z.string().optional(),
  sites: z.array(Site),
  contacts: z.array(Contact),
  notes: z.string().optional(),
  archived: z.boolean(),
  sample: z.boolean(),
  revision: z.number().int().positive(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Client = z.infer<typeof Client>;

export const ClientSummary = Client.pick({
  id: true,
  legalName: true,
  tradingName: true,
  odsCode: true,
  domains: true,
  route: true,
  archived: true,
  sample: true,
  updatedAt: true,
}).extend({ siteCount: z.number().int().nonnegative() });
export type ClientSummary = z.infer<typeof ClientSummary>;

export const clientChannels = {
  'client.list': query(
    z.strictObject({
      search: z.string().max(200).optional(),
      includeArchived: z.boolean().default(false),
    }),
    z.array(ClientSummary),
  ),
  'client.get': query(z.strictObject({ id: Id }), Client),
  // How the command line names a client: its ODS code, its ID, or an unambiguous part of its name.
  'client.find': query(z.strictObject({ ref: RequiredText('Client', 200) }), Client),
  'client.create': mutation(ClientInput, Client, ['client.', 'portfolio.']),
  'client.update': mutation(
    z.strictObject({
      id: Id,
      // Optimistic concurrency: the CLI and the app may edit the same client.
      revision: z.number().int().positive(),
      fields: ClientInput,
    }),
    Client,
    ['client.', 'portfolio.'],
  ),
  'client.setArchived': mutation(z.strictObject({ id: Id, archived: z.boolean() }), Client, ['client.', 'portfolio.']),
} as const;
