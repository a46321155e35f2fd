import type { EvidenceKind } from './evidence-kinds';

// What evidence each requirement needs before a statement can be final, keyed by requirement ID. Data, kept
// apart from the catalogue file so the catalogue's wording can be replaced without losing these rules; the
// readiness model (readiness.ts) is the only reader. Sources, as the catalogue numbers them: S3 and S6 (the
// NHS template asks for the organisation documents by name, version and approval), the care-sector guide S0
// (ISO 27001 certificate and pen test / ITHC summary for self-managed services) and S6 (the secure
// configuration must be shown).

export type EvidenceNeed =
  // A file in the evidence library linked to the requirement, of one of these kinds. `matchesDocument`: its
  // title or file name must name the document given in the requirement's document details (ORG-01..04).
  | { kind: 'file'; evidenceKinds: EvidenceKind[]; what: string; matchesDocument?: boolean }
  // A mail-domain check of every domain in scope, recent enough (Settings › Readiness).
  | { kind: 'domain-run'; what: string }
  // A Microsoft 365 tenant probe or an imported Exchange collection, recent enough.
  | { kind: 'tenant-run'; what: string };

const DOCUMENT = (what: string): EvidenceNeed => ({
  kind: 'file',
  evidenceKinds: ['policy', 'procedure', 'training-record', 'clinical-risk', 'other'],
  what,
  matchesDocument: true,
});
const DOMAIN_RUN: EvidenceNeed = { kind: 'domain-run', what: 'a mail-domain check of every domain in scope' };

const EVIDENCE_REQUIREMENTS: Readonly<Record<string, readonly EvidenceNeed[]>> = {
  'ELIG-03': [{ kind: 'file', evidenceKinds: ['dspt-publication', 'screenshot'], what: 'the DSPT publication (PDF or screenshot)' }],
  'ELIG-07': [DOMAIN_RUN],
  'ORG-01': [DOCUMENT('the breach notification procedure named in the document details')],
  'ORG-02': [DOCUMENT('the mobile device policy named in the document details')],
  'ORG-03': [DOCUMENT('the clinical risk assessment named in the document details')],
  'ORG-04': [DOCUMENT('the staff secure-email policy named in the document details')],
  'TECH-01': [DOMAIN_RUN],
  'TECH-02': [DOMAIN_RUN],
  'O365-01': [{ kind: 'tenant-run', what: 'a Microsoft 365 tenant probe or an imported Exchange collection' }, DOMAIN_RUN],
  'ICT-01': [{ kind: 'file', evidenceKinds: ['iso27001-certificate'], what: 'the ISO 27001 certificate with its scope statement' }],
  'ICT-02': [{ kind: 'file', evidenceKinds: ['pen-test'], what: 'the penetration test / ITHC summary' }],
  'ICT-05': [DOMAIN_RUN],
  'ICT-06': [DOMAIN_RUN],
};

export function evidenceNeeds(requirementId: string): readonly EvidenceNeed[] {
  return EVIDENCE_REQUIREMENTS[requirementId] ?? [];
}

// "Incident & breach procedure v2" matches a file titled "Breach procedure (incident-breach-v2.pdf)": case,
// punctuation and extensions are ignored, and either may contain the other.
export function namesDocument(candidate: string, documentTitle: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/\.[a-z0-9]{2,5}$/, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  const a = norm(candidate);
  const b = norm(documentTitle);
  return b.length > 0 && (a.includes(b) || (a.length >= 4 && b.includes(a)));
}
