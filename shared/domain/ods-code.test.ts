import { describe, expect, it } from 'vitest';
import { isValidCqcLocationId, isValidOdsCode, normaliseOdsCode } from './ods-code';

describe('ODS codes', () => {
  it.each([
    ['AB1', true],
    ['V12345', true],
    ['1-ABC123', true],
    ['RX1', true],
    ['VN3K7', true],
    ['ab1', false], // normalise first
    ['A1', false],
    ['AB 12', false],
    ['AB-12', false],
    ['ABCDEFGHIJK', false],
    ['', false],
    ['1-', false],
    ['12-AB12', true],
    ['123-AB12', false],
  ])('%s → %s', (code, ok) => expect(isValidOdsCode(code)).toBe(ok));

  it('normalises case and whitespace', () => expect(normaliseOdsCode('  vn3k7 ')).toBe('VN3K7'));
});

describe('CQC location IDs', () => {
  it.each([
    ['1-123456789', true],
    ['1-10000000001', true],
    ['123456789', false],
    ['2-123456789', false],
    ['1-12a456789', false],
  ])('%s → %s', (id, ok) => expect(isValidCqcLocationId(id)).toBe(ok));
});
