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
  emailServiceProvider: 'Google Workspace (Gmail)',
  dataLocation: {},
};

const ict: NonNullable<StatementDetails['ictProvider']> = {
  legalName: 'Northgate Hosting Ltd',
  serviceDescription: 'Hosted Exchange',
  hostingLocations: ['London'],
  signatory: { name: 'Raj Patel', role: 'Service director', organisation: 'Northgate Hosting Ltd', date: '2026-11-20' },
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
      [{ ...base, dataLocation: { notes: 'Backups in Ireland' } }, 'google'],
      [{ ...base, ictProvider: { ...ict, companyNumber: '01234567', clinicalSafetyReference: 'CSR-1' } }, 'self-managed'],
    ] as [StatementDetails, Route][]) {
      const r = validateStatementForm(formFromDetails(d), route);
      expect(r.ok && r.value).toEqual(d);
    }
  });

  it.each<[string, (f: StatementFormValues) => void, Route, string | null]>([
    [
      'a provider signatory date that is not a date',
      (f) => (
        (f.ictProvider.legalName = 'Northgate'),
        (f.ictProvider.serviceDescription = 'Hosted Exchange'),
        (f.ictProvider.signatory.date = '30/06/2026')
      ),
      'self-managed',
      'ictProvider.signatory.date',
    ],
    [
      'a partial provider signatory can be saved (readiness asks for the rest)',
      (f) => (
        (f.ictProvider.legalName = 'Northgate'),
        (f.ictProvider.serviceDescription = 'Hosted Exchange'),
        (f.ictProvider.signatory.name = 'Raj')
      ),
      'self-managed',
      null,
    ],
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
    expect(input.dataLocation).toEqual({ notes: undefined });
  });

  it.each([
    ['details', true],
    ['contact', true],
    ['details.dataLocation.notes', true],
    ['ictProvider.signatory.date', true],
    ['dspt.publishedOn', false],
    ['emailServiceProviderX', false],
    ['requirements.ORG-01.document.title', false],
    ['signOffs.ictExpert', false],
  ])('isDetailsPath(%s) = %s', (path, expected) => {
    expect(isDetailsPath(path)).toBe(expected);
  });

  it('finds the statement issue for a field, with or without the details. prefix', () => {
    const issues = [
      { path: 'details.ictProvider.signatory', message: 'Give the signatory' },
      { path: 'emailServiceProvider', message: 'Name the provider' },
    ];
    expect(issueForField(issues, 'ictProvider.signatory')).toBe('Give the signatory');
    expect(issueForField(issues, 'emailServiceProvider')).toBe('Name the provider');
    expect(issueForField(issues, 'dataLocation.where')).toBeUndefined();
  });
});
