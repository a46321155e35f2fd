import type { Response } from '../../shared/contract/assessments';
import type { DsptStatusValue } from '../../shared/contract/statement';
import { isIsoDate } from '../../shared/domain/dates';

// The facts a statement prints that are answered once, in the checklist: DSPT (ELIG-03), previous
// accreditation (ELIG-04), data location (TECH-08, ICT-09), ISO 27001 (ICT-01) and the pen test / ITHC
// (ICT-02). The statement, the bundle manifest and the submission email read them from here and nowhere
// else, so a date cannot print with two values.

// The catalogue's ELIG-03 choice labels, as the checklist stores them.
const DSPT_FROM_CHOICE: Record<string, DsptStatusValue> = {
  'standards exceeded': 'standards-exceeded',
  'standards met': 'standards-met',
  'approaching standards': 'approaching-standards',
  'standards not met': 'standards-not-met',
};

// Requirement fields the statement prints in its own sections (so the requirement rows leave them out).
export const FACT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'ELIG-03': ['dsptStatus', 'dsptPublishedAt'],
  'ELIG-04': ['previousAccreditationDate'],
  'TECH-08': ['processedOutsideUk', 'outsideUkWhere'],
  'ICT-01': [
    'certificationBody',
    'certificateNumber',
    'scopeIncludesEmail',
    'certificateScope',
    'issueDate',
    'expiryDate',
    'lastAuditDate',
  ],
  'ICT-02': ['testKind', 'tester', 'testerAccreditation', 'testDate', 'scope', 'findingsSummary', 'remediationStatus'],
};

type Fields = (req: string, key: string) => string | undefined;

export function fieldReader(responses: Response[]): Fields {
  const by = new Map(responses.map((r) => [r.requirementId, r]));
  return (req, key) => by.get(req)?.fields[key]?.trim() || undefined;
}

const date = (v: string | undefined) => (v && isIsoDate(v) ? v : undefined);

export function dsptFact(f: Fields): { status: DsptStatusValue; publishedOn?: string } {
  const choice = f('ELIG-03', 'dsptStatus');
  const status = choice ? DSPT_FROM_CHOICE[choice.toLowerCase()] : undefined;
  const publishedOn = date(f('ELIG-03', 'dsptPublishedAt'));
  return status ? { status, ...(publishedOn ? { publishedOn } : {}) } : { status: 'not-published' };
}

export function previousAccreditationFact(f: Fields): string | undefined {
  return date(f('ELIG-04', 'previousAccreditationDate'));
}

// TECH-08 (and, on self-managed, ICT-09's processing locations). Undefined when nobody answered.
export function dataLocationFact(f: Fields): { processedOutsideUk: boolean; where?: string } | undefined {
  const outside = f('TECH-08', 'processedOutsideUk')?.toLowerCase();
  if (outside !== 'yes' && outside !== 'no') return undefined;
  const where = f('TECH-08', 'outsideUkWhere') ?? f('ICT-09', 'processingLocations');
  return outside === 'yes' ? { processedOutsideUk: true, where: (where ?? 'Not stated').slice(0, 500) } : { processedOutsideUk: false };
}

export interface IsoFact {
  certificationBody?: string;
  certificateNumber?: string;
  scope?: string;
  scopeIncludesEmail?: boolean;
  issuedOn?: string;
  expiresOn?: string;
  lastAuditOn?: string;
}

export function isoFact(f: Fields): IsoFact {
  const inc = f('ICT-01', 'scopeIncludesEmail')?.toLowerCase();
  return {
    certificationBody: f('ICT-01', 'certificationBody'),
    certificateNumber: f('ICT-01', 'certificateNumber'),
    scope: f('ICT-01', 'certificateScope'),
    scopeIncludesEmail: inc === 'yes' ? true : inc === 'no' ? false : undefined,
    issuedOn: date(f('ICT-01', 'issueDate')),
    expiresOn: date(f('ICT-01', 'expiryDate')),
    lastAuditOn: date(f('ICT-01', 'lastAuditDate')),
  };
}

export interface PenTestFact {
  kind: 'penetration-test' | 'ithc';
  tester?: string;
  testerAccreditation?: string;
  testedOn?: string;
  scope?: string;
  findingsSummary?: string;
  remediationStatus?: string;
}

export function penTestFact(f: Fields): PenTestFact {
  return {
    kind: /ithc|health/i.test(f('ICT-02', 'testKind') ?? '') ? 'ithc' : 'penetration-test',
    tester: f('ICT-02', 'tester'),
    testerAccreditation: f('ICT-02', 'testerAccreditation'),
    testedOn: date(f('ICT-02', 'testDate')),
    scope: f('ICT-02', 'scope'),
    findingsSummary: f('ICT-02', 'findingsSummary'),
    remediationStatus: f('ICT-02', 'remediationStatus'),
  };
}
