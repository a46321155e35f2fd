import type { z } from 'zod';
import { Catalogue } from './schema';

export type CatalogueValidation = { ok: true; catalogue: Catalogue } | { ok: false; errors: string[] };

// Validates a catalogue file and names the bad item in every message: "requirements[12] (ORG-03) › checks[0]:
// Unknown check ID" — so a consultant editing NHS wording can find the line.
export function validateCatalogue(raw: unknown): CatalogueValidation {
  const r = Catalogue.safeParse(raw);
  if (r.success) return { ok: true, catalogue: r.data };
  return { ok: false, errors: r.error.issues.slice(0, 50).map((i) => describe(i, raw)) };
}

function describe(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path.map(String);
  let where = path.length ? path.join('.') : '(file)';
  if (path[0] === 'requirements' && path[1] !== undefined) {
    const req = (raw as { requirements?: { id?: unknown }[] })?.requirements?.[Number(path[1])];
    const id = typeof req?.id === 'string' ? ` (${req.id})` : '';
    where = `requirements[${path[1]}]${id}${path.length > 2 ? ' › ' + path.slice(2).join('.') : ''}`;
  }
  let message = issue.message;
  if (issue.code === 'unrecognized_keys')
    message = `Unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value' && message.startsWith('Invalid input')) message = `${message}`;
  const value = path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), raw);
  const shown = typeof value === 'string' && value.length < 60 && issue.code !== 'unrecognized_keys' ? ` (got "${value}")` : '';
  return `${where}: ${message}${shown}`;
}
