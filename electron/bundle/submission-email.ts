import { ROUTE_LABELS, type Route } from '../../shared/contract/clients';
import type { SubmissionEmail } from '../../shared/contract/statement';
import { formatBytes } from '../../shared/domain/bytes';
import { formatDate } from '../documents/labels';
import type { BundleFacts } from './bundle-facts';

// The covering email for the NHS secure email team. The app writes it; the user sends it from their own
// mail client with the bundle attached (the app never sends mail).

const SUBMISSION_ADDRESS = 'feedback@nhs.net';

export interface SubmissionEmailInput {
  facts: BundleFacts;
  fileName: string;
  size: number;
  sha256: string;
  manifestSha256: string;
  sealed: boolean;
  sealSubject?: string;
  sample: boolean;
}

const SLOT_LABELS = { ictExpert: 'ICT expert', clinicalSafetyExpert: 'Clinical safety expert' } as const;

export function submissionEmail(i: SubmissionEmailInput): SubmissionEmail {
  const f = i.facts;
  const subject = `${i.sample ? '[SAMPLE - NOT FOR SUBMISSION] ' : ''}DCB1596 self-accreditation: ${f.legalName} (ODS ${f.odsCode}), ${f.cycle}`;
  const lines = [
    ...(i.sample ? ['THIS IS SAMPLE DATA PRODUCED BY A DEMONSTRATION WORKSPACE. DO NOT SEND IT TO THE NHS SECURE EMAIL TEAM.', ''] : []),
    'Hello,',
    '',
    `Please find attached the DCB1596 (NHS Secure Email Standard) self-accreditation statement and evidence bundle for ${f.legalName}.`,
    '',
    `Organisation:        ${f.legalName}`,
    `ODS code:            ${f.odsCode}`,
    `Email domains:       ${f.domains.join(', ')}`,
    `Route:               ${ROUTE_LABELS[f.route as Route] ?? f.route}`,
    `Accreditation cycle: ${f.cycle}`,
    '',
    `Evidence bundle:     ${i.fileName} (${formatBytes(i.size)})`,
    `Bundle ID:           ${f.reference}`,
    `SHA-256 of the bundle (ZIP file):`,
    `  ${i.sha256}`,
    `SHA-256 of the evidence manifest (printed on the statement):`,
    `  ${i.manifestSha256}`,
    ...(i.sealed ? [`The statement is sealed with the certificate of ${i.sealSubject ?? 'the consultant'}.`] : []),
    '',
    'Signed off by:',
    ...f.signers.map((s) => `  ${SLOT_LABELS[s.slot]}: ${s.name}, ${s.role}, ${s.organisation} (${s.email}), ${formatDate(s.signedAt)}`),
    ...(f.signers.length ? [] : ['  (no sign-offs recorded: this bundle is a draft)']),
    '',
    'Every file in the bundle can be checked: unzip it and run "sha256sum -c SHA256SUMS" (VERIFY.txt inside the bundle explains the other checks).',
    '',
    'Kind regards,',
    '',
    ...(f.preparedBy ? [f.preparedBy.name, ...(f.preparedBy.organisation ? [f.preparedBy.organisation] : [])] : []),
  ];
  const body = lines.join('\n').replace(/\n+$/, '\n');
  return {
    to: SUBMISSION_ADDRESS,
    subject,
    body,
    mailto: `mailto:${SUBMISSION_ADDRESS}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`,
  };
}
