import { describe, expect, it } from 'vitest';
import { fieldLabel, fieldValue, humanise, inlineLabel } from './field-labels';

describe('field labels', () => {
  it.each([
    ['document.approvalDate', {}, 'Approval date'],
    ['reconfirm', {}, 'Carry into next renewal'],
    ['fields.dsptPublishedAt', {}, 'DSPT published at'],
    ['fields.dsptPublishedAt', { dsptPublishedAt: 'DSPT assessment published' }, 'DSPT assessment published'],
    ['fields.processedOutsideUk', {}, 'Processed outside UK'],
    ['dspt.status', {}, 'DSPT status'],
    ['signoff.ict-expert', {}, 'ICT expert sign-off'],
    ['somethingNew.subKey', {}, 'Something new · Sub key'],
  ])('%s → %s', (key, labels, want) => expect(fieldLabel(key, labels as Record<string, string>)).toBe(want));

  it.each([
    ['reconfirm', false, 'No'],
    ['reconfirm', true, 'Yes'],
    ['owner', null, '—'],
    ['owner', '', '—'],
    ['result', 'partially-met', 'Partially met'],
    ['fields.scopeIncludesEmail', 'no', 'No'],
    ['domains', ['a.example', 'b.example'], 'a.example, b.example'],
    ['domains', [], '—'],
    ['status', 'ready', 'Ready for sign-off'],
    ['plannedSubmissionDate', '2026-12-15', '2026-12-15'],
  ])('value of %s: %j → %s', (key, v, want) => expect(fieldValue(key, v)).toBe(want));

  it.each([
    ['Owner', 'owner'],
    ['DSPT status', 'DSPT status'],
    ['ICT expert sign-off', 'ICT expert sign-off'],
  ])('inline %s → %s', (l, want) => expect(inlineLabel(l)).toBe(want));

  it('keeps acronyms upper case', () => expect(humanise('odsCode')).toBe('ODS code'));
});
