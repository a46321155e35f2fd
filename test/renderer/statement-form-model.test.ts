import { describe, expect, it } from 'vitest';
import type { Route } from '../../shared/contract/clients';
import type { StatementDetails } from '../../shared/contract/statement';
import {
  detailsFromForm,
  formFromDetails,
  isDetailsPath,
  issueForField,
  validateStatementForm,
  type StatementFormValues,
} from '../../renderer/src/features/statement/statement-form-model';

// The sign-off page's details form: strings in the contract's shape, blank optional fields dropped, the ICT
// provider section only on the self-managed route, and validation by the contract's own schema.

const base: StatementDetails = {
  dspt: { status: 'standards-met', publishedOn: '2026-06-30' },
  emailServiceProvider: 'Google Workspace (Gmail)',
  dataLocation: { processedOutsideUk: false },
};

const ict: NonNullable<StatementDetails['ictProvider']> = {
  legalName: 'Northgate Hosting Ltd',
  serviceDescription: 'Hosted Exchange',
  hostingLocations: ['London'],
  iso27001: {
    certificationBody: 'BSI',
    certificateNumber: 'IS 123456',
    scope: 'Hosting and managed email',
    scopeIncludesEmail: true,
    issuedOn: '2025-01-10',
    expiresOn: '2028-01-09',
  },
  penTest: {
    kind: 'ithc',
    tester: 'Acme Security',
    testedOn: '2026-03-01',
    scope: 'External perimeter and mail',
    findingsSummary: 'Two medium findings',
    remediationStatus: 'Both fixed',
  },
};

function form(edit: (f: StatementFormValues) => void, from: StatementDetails = base): StatementFormValues {
  const f = formFromDetails(from);
  edit(f);
  return f;
}

describe('statement details form model', () => {
  it('round-trips saved details through the form unchanged', () => {
    for (const [d, route] of [
      [base, 'google'],
      [{ ...base, preparedBy: { name: 'Alex', organisation: 'Northgate IT', email: 'alex@example.org' } }, 'o365'],
      [{ ...base, dataLocation: { processedOutsideUk: true, where: 'EU (Ireland)', notes: 'Backups' } }, 'google'],
      [{ ...base, ictProvider: { ...ict, companyNumber: '01234567', clinicalSafetyReference: 'CSR-1' } }, 'self-managed'],
    ] as [StatementDetails, Route][]) {
      const r = validateStatementForm(formFromDetails(d), route);
      expect(r.ok && r.value).toEqual(d);
    }
  });

  it.each<[string, (f: StatementFormValues) => void, Route, string | null]>([
    ['DSPT published but no date', (f) => (f.dspt.publishedOn = ''), 'google', 'dspt.publishedOn'],
    ['not yet published needs no date', (f) => ((f.dspt.status = 'not-published'), (f.dspt.publishedOn = '')), 'google', null],
    [
      'a stale date is dropped when not published',
      (f) => ((f.dspt.status = 'not-published'), (f.dspt.publishedOn = 'junk')),
      'google',
      null,
    ],
    ['a malformed date', (f) => (f.dspt.publishedOn = '30/06/2026'), 'google', 'dspt.publishedOn'],
    ['outside the UK without where', (f) => (f.dataLocation.processedOutsideUk = true), 'google', 'dataLocation.where'],
    ['where is ignored when inside the UK', (f) => (f.dataLocation.where = 'x'.repeat(900)), 'google', null],
    ['no email service provider', (f) => (f.emailServiceProvider = '  '), 'google', 'emailServiceProvider'],
    ['preparer email alone needs a name', (f) => (f.preparedBy.email = 'a@example.org'), 'google', 'preparedBy.name'],
    ['preparer with a bad email', (f) => ((f.preparedBy.name = 'Alex'), (f.preparedBy.email = 'alex')), 'google', 'preparedBy.email'],
    ['an untouched ICT section is left out', () => {}, 'self-managed', null],
    [
      'a started ICT section must be complete',
      (f) => (f.ictProvider.legalName = 'Northgate'),
      'self-managed',
      'ictProvider.serviceDescription',
    ],
    ['ICT section is ignored off the self-managed route', (f) => (f.ictProvider.legalName = 'Northgate'), 'o365', null],
  ])('%s', (_name, edit, route, path) => {
    const r = validateStatementForm(form(edit), route);
    if (path === null) expect(r.ok).toBe(true);
    else expect(r.ok ? [] : r.issues.map((i) => i.path)).toContain(path);
  });

  it('leaves optional blanks out of the contract input', () => {
    const input = detailsFromForm(
      form((f) => (f.preparedBy.name = 'Alex')),
      'google',
    ) as StatementDetails;
    expect(input.preparedBy).toEqual({ name: 'Alex', organisation: undefined, email: undefined });
    expect(input.ictProvider).toBeUndefined();
    expect(input.dataLocation).toEqual({ processedOutsideUk: false, where: undefined, notes: undefined });
  });

  it.each([
    ['details', true],
    ['dspt.publishedOn', true],
    ['details.dataLocation.where', true],
    ['ictProvider.iso27001.expiresOn', true],
    ['emailServiceProviderX', false],
    ['requirements.ORG-01.document.title', false],
    ['signOffs.ictExpert', false],
  ])('isDetailsPath(%s) = %s', (path, expected) => {
    expect(isDetailsPath(path)).toBe(expected);
  });

  it('finds the statement issue for a field, with or without the details. prefix', () => {
    const issues = [
      { path: 'details.dspt.publishedOn', message: 'Give the date' },
      { path: 'emailServiceProvider', message: 'Name the provider' },
    ];
    expect(issueForField(issues, 'dspt.publishedOn')).toBe('Give the date');
    expect(issueForField(issues, 'emailServiceProvider')).toBe('Name the provider');
    expect(issueForField(issues, 'dataLocation.where')).toBeUndefined();
  });
});
