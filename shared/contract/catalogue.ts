import { z } from 'zod';
import { mutation, query } from './define';
import { Empty, IsoDateTime } from './common';
import { Catalogue } from '../domain/catalogue/schema';

export const CatalogueSummary = z.object({
  version: z.string(),
  title: z.string(),
  publishedAt: z.string(),
  loadedAt: IsoDateTime,
  source: z.enum(['built-in', 'file']),
  active: z.boolean(),
  requirementCount: z.number().int(),
  sha256: z.string(),
});
export type CatalogueSummary = z.infer<typeof CatalogueSummary>;

export const catalogueChannels = {
  'catalogue.list': query(Empty, z.array(CatalogueSummary)),
  // Without a version: the active catalogue.
  'catalogue.get': query(z.strictObject({ version: z.string().max(40).optional() }), Catalogue),
  // A catalogue file the user picked (uploaded through the transfer store).
  'catalogue.load': mutation(z.strictObject({ uploadId: z.uuid() }), CatalogueSummary, ['catalogue.']),
  'catalogue.activate': mutation(z.strictObject({ version: z.string().max(40) }), CatalogueSummary, ['catalogue.']),
} as const;
