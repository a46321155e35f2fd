import { z } from 'zod';
import { mutation, query } from './define';
import { Id } from './common';
import { Route } from './clients';

// Bulk client import from a CSV file (a firm bringing its client list). Every row is validated on its own
// with the same rules as the client form; valid rows go in together, invalid rows come back with reasons.
// A file that cannot be read as a client list imports nothing.

// The columns we recognise, in the order they are shown. Headers are matched loosely (case, spaces and
// punctuation ignored; common synonyms such as "Organisation" or "Email domains" accepted).
export const IMPORT_FIELDS = {
  legalName: 'Legal name',
  tradingName: 'Trading name',
  odsCode: 'ODS code',
  domains: 'Email domains',
  route: 'Route',
  tenant: 'Microsoft 365 tenant',
  cqcLocationIds: 'CQC location IDs',
  contactName: 'Contact name',
  contactRole: 'Contact role',
  contactEmail: 'Contact email',
  contactPhone: 'Contact phone',
  notes: 'Notes',
} as const;
export type ImportField = keyof typeof IMPORT_FIELDS;
const ImportFieldName = z.enum(Object.keys(IMPORT_FIELDS) as [ImportField, ...ImportField[]]);

export const MAX_IMPORT_ROWS = 5000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const ImportRow = z.object({
  // The row number a spreadsheet shows for this line (the header is usually row 1).
  row: z.number().int().positive(),
  status: z.enum(['accepted', 'rejected']),
  legalName: z.string().optional(),
  odsCode: z.string().optional(),
  route: Route.optional(),
  domains: z.array(z.string()),
  reasons: z.array(z.string()),
});
export type ImportRow = z.infer<typeof ImportRow>;

export const ImportPreview = z.object({
  fileName: z.string(),
  encoding: z.enum(['utf-8', 'windows-1252', 'utf-16le', 'utf-16be']),
  delimiter: z.enum([',', ';', '\t']),
  headerRow: z.number().int().positive(),
  // Every column of the header, with the field it fills (null: ignored).
  columns: z.array(z.object({ header: z.string(), field: ImportFieldName.nullable() })),
  rows: z.array(ImportRow),
  accepted: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportResult = ImportPreview.extend({
  imported: z.array(z.object({ id: Id, row: z.number().int().positive(), legalName: z.string(), odsCode: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResult>;

const ImportSource = {
  uploadId: z.uuid({ message: 'Unknown upload' }),
  // Used for rows whose route cell is empty (for a firm whose clients are all on one platform).
  defaultRoute: Route.optional(),
};

export const clientImportChannels = {
  'client.importPreview': query(z.strictObject(ImportSource), ImportPreview),
  'client.import': mutation(
    z.strictObject({
      ...ImportSource,
      // The rows the user saw accepted in the preview; if the workspace changed since, nothing is imported.
      expectRows: z.array(z.number().int().positive()).max(MAX_IMPORT_ROWS).optional(),
    }),
    ImportResult,
    ['client.', 'portfolio.'],
  ),
} as const;
