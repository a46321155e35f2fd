// The kinds of evidence a requirement can expect and the library can hold. Labels are for the UI.
export const EVIDENCE_KINDS = {
  policy: 'Policy',
  procedure: 'Procedure',
  'training-record': 'Training record',
  'clinical-risk': 'Clinical risk assessment / hazard log',
  'pen-test': 'Penetration test / IT Health Check report',
  'iso27001-certificate': 'ISO 27001 certificate',
  'dspt-publication': 'DSPT publication',
  screenshot: 'Screenshot',
  'configuration-export': 'Configuration export',
  'probe-snapshot': 'Probe snapshot',
  contract: 'Contract or agreement',
  other: 'Other',
} as const;

export type EvidenceKind = keyof typeof EVIDENCE_KINDS;
export const EVIDENCE_KIND_IDS = Object.keys(EVIDENCE_KINDS) as [EvidenceKind, ...EvidenceKind[]];
