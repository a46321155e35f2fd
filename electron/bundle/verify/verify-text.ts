import { formatDateTime } from '../../documents/labels';
import type { SealIdentity } from '../../documents/statement-pdf';
import type { StatementModel } from '../../statement/statement-model';

// VERIFY.txt: how anyone — the NHS reviewer, an auditor, the care provider — checks the bundle by hand.
// It is itself listed in the manifest, so it cannot be swapped for friendlier instructions unnoticed.

export function verifyText(m: StatementModel, bundleId: string, sealed: boolean, seal?: SealIdentity): string {
  const org = m.organisation;
  const lines = [
    `DCB1596 evidence bundle ${bundleId}`,
    `${org.legalName} (ODS ${org.odsCode}), accreditation cycle ${m.assessment.cycle}, created ${formatDateTime(m.generatedAt)}`,
    ...(m.sample ? ['', 'SAMPLE DATA - NOT FOR SUBMISSION. This bundle was produced from demonstration data.'] : []),
    '',
    'WHAT IS IN THIS BUNDLE',
    `  statement.pdf          the self-accreditation statement${sealed ? ' (cryptographically sealed)' : ''}`,
    '  evidence-index.pdf     each requirement and its evidence files, with SHA-256',
    '  board-summary.pdf      one page for the board: status per area, open items by risk, changes',
    '  technical-report.pdf   the board summary, then every mail domain and tenant check result',
    '  evidence/              the evidence files',
    '  raw/                   raw probe results (JSON)',
    "  audit-log.jsonl        the hash-chained audit trail of this client's records",
    '  manifest.json          every file with its size, SHA-256 and role',
    '  SHA256SUMS             the SHA-256 of every file, for sha256sum -c',
    '',
    'HOW TO CHECK IT',
    '',
    '1. Every file is intact. Unzip the bundle into a folder, then in that folder:',
    '     Linux or macOS:      sha256sum -c SHA256SUMS      (every line must end in OK)',
    '     Windows PowerShell:  Get-FileHash -Algorithm SHA256 statement.pdf   (compare with SHA256SUMS)',
    '',
    '2. The statement is bound to these files. Page 1 of statement.pdf shows the "Evidence manifest',
    '   SHA-256". It equals "contentsSha256" in manifest.json: the SHA-256 of manifest.json\'s "contents"',
    '   (every file except statement.pdf, manifest.json and SHA256SUMS) written as canonical JSON. The',
    '   statement embeds those exact bytes as bundle-contents.json; to see for yourself:',
    '     pdfdetach -save 1 -o bundle-contents.json statement.pdf && sha256sum bundle-contents.json',
    '',
    sealed
      ? '3. The statement is sealed. Open statement.pdf in a PDF reader and look at its signature panel, or'
      : '3. The statement is not cryptographically sealed in this bundle; steps 1 and 2 still apply.',
    ...(sealed
      ? [
          '   run: pdfsig statement.pdf   It must report "Signature is Valid" and "Total document signed".',
          `   The seal uses the certificate of ${seal?.subject ?? 'the consultant'}, SHA-256 fingerprint`,
          `     ${seal?.fingerprintSha256 ?? '(see the statement)'}`,
          '   (also printed in the statement and in manifest.json). The certificate is issued by the',
          '   consultant, not a public authority, so readers may call the signer "not trusted":',
          '   compare the fingerprint instead. The seal shows integrity and who sealed; it is not a qualified',
          '   electronic signature. The two sign-offs are recorded attestations (name, role, time, method).',
        ]
      : []),
    '',
    '4. All of the above, and the archive itself, at once:',
    '     npx dcb1596 verify <bundle.zip>',
    '   The ZIP comment carries the SHA-256 of the archive bytes before it, so any changed byte anywhere in',
    '   the ZIP is detected, including bytes that unzip programs ignore.',
    '',
  ];
  return lines.join('\n');
}
