import { z } from 'zod';

export const Id = z.uuid({ message: 'Expected an ID' });
export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date({ message: 'Use a date in the form YYYY-MM-DD' });

// Free text from users: bounded so a hostile or accidental paste cannot bloat the database or a PDF.
export const ShortText = (label: string, max = 200) => z.string().trim().max(max, `${label} must be at most ${max} characters`);
export const RequiredText = (label: string, max = 200) => ShortText(label, max).min(1, `${label} is required`);
export const LongText = (label: string, max = 10_000) => ShortText(label, max);

export const Email = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an email address like name@example.org');

export const Empty = z.object({}).strict();

// Long operations (probes, exports) report progress as events tagged with an ID the caller chose.
export const OperationId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Invalid operation ID');
