import { z } from 'zod';
import { query } from './define';
import { Id } from './common';

// Global search (Ctrl+K): clients, requirements and evidence across every client, a bounded list.
export const SEARCH_LIMIT_PER_KIND = 8;

export const SearchHit = z.object({
  kind: z.enum(['client', 'requirement', 'evidence']),
  id: z.string(),
  clientId: Id,
  title: z.string(),
  detail: z.string(),
  // Where the app goes on Enter (a renderer route).
  href: z.string().regex(/^\/clients\/[0-9a-f-]{36}(\/[A-Za-z0-9/-]*)?$/),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const searchChannels = {
  'search.global': query(
    z.strictObject({ q: z.string().trim().min(1, 'Type something to search for').max(100, 'At most 100 characters') }),
    z.object({ hits: z.array(SearchHit).max(SEARCH_LIMIT_PER_KIND * 3) }),
  ),
} as const;
