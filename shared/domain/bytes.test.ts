import { describe, expect, it } from 'vitest';
import { formatBytes } from './bytes';

// One formatBytes for the app, the CLI and the documents (three copies once printed 1536 bytes three ways).
describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [532, '532 bytes'],
    [1023, '1023 bytes'],
    [1024, '1 KB'],
    [1536, '2 KB'],
    [1024 ** 2, '1 MB'],
    [1.5 * 1024 ** 2, '1.5 MB'],
    [2 * 1024 ** 3, '2 GB'],
    [2.25 * 1024 ** 3, '2.3 GB'],
  ])('%i → %s', (n, words) => expect(formatBytes(n)).toBe(words));
});
