import { describe, expect, it } from 'vitest';
import { bundleStatusLine, verifyCounts, type VerifyCheck } from './verify';

const c = (status: VerifyCheck['status'], detail?: string): VerifyCheck => ({
  id: status,
  title: `${status} check`,
  status,
  ...(detail ? { detail } : {}),
});

describe('verifyCounts', () => {
  it.each<[VerifyCheck[], string]>([
    [[c('pass'), c('pass')], '2 passed'],
    [[c('pass'), c('skip', 'no seal')], '1 passed, 1 skipped (no seal)'],
    [[c('pass'), c('fail'), c('skip')], '1 passed, 1 failed, 1 skipped (skip check)'],
    [[c('warn'), c('pass')], '1 passed, 1 with a warning'],
    [[], '0 passed'],
  ])('%j → %s', (checks, expected) => {
    expect(verifyCounts(checks)).toBe(expected);
  });
});

describe('bundleStatusLine', () => {
  it.each([
    [{ draft: true, sample: false, sealed: false }, 'DRAFT — a review pack, not signed off; not for submission'],
    [{ draft: false, sample: true, sealed: false }, 'SAMPLE — demonstration data; not for submission'],
    [
      { draft: true, sample: true, sealed: false },
      'DRAFT — a review pack, not signed off; not for submission. SAMPLE — demonstration data; not for submission',
    ],
    [{ draft: false, sample: false, sealed: true }, 'Final: signed off by both signatories, statement sealed'],
    [{ draft: false, sample: false, sealed: false }, 'Final: signed off by both signatories'],
  ])('%j → %s', (r, expected) => {
    expect(bundleStatusLine(r)).toBe(expected);
  });
});
