import { evidenceFiles, snapshotFiles } from './evidence-list';
import { RESULT_LABELS, formatDate, formatDateTime } from './labels';
import { formatBytes } from '../../shared/domain/bytes';
import type { PDFDocument } from './pdf-lib';
import { t, type Block, type Row } from './pdf/doc-builder';
import { createDocument, sampleNotice, titleBlock, type RenderOptions } from './pdf/common';
import { colours } from './pdf/theme';
import type { EvidenceRef, StatementModel } from '../statement/statement-model';

// evidence-index.pdf: for each requirement, the evidence files behind it with title, date, size, where the
// file is in the bundle and its full SHA-256, so a reviewer can spot-check any file by hand.

export interface EvidenceIndexOptions extends RenderOptions {
  // Bundle paths by SHA-256 (evidence/… and raw/…). Without them the original file names are shown.
  paths?: ReadonlyMap<string, string>;
}

// 64 hex digits in two lines of 32 (8 pt mono fits the column).
const hashBlock = (sha: string): Block[] => [
  t(sha.slice(0, 32), { font: 'mono', size: 8, color: colours.ink, lineFactor: 1.2 }),
  t(sha.slice(32), { font: 'mono', size: 8, color: colours.ink, lineFactor: 1.2 }),
];

// The document's own date first; the import date beside it, so a reviewer sees how old the document is.
const dates = (e: EvidenceRef): Block[] => [
  t(e.documentDate ? formatDate(e.documentDate) : e.collectedAt ? formatDate(e.collectedAt) : '—', { size: 8 }),
  t(e.documentDate ? 'document date' : 'collected', { size: 8, color: colours.muted }),
  ...(e.addedAt ? [t(`imported ${formatDate(e.addedAt)}`, { size: 8, color: colours.muted })] : []),
];

async function renderEvidenceIndex(m: StatementModel, opts: EvidenceIndexOptions = {}): Promise<PDFDocument> {
  const b = await createDocument(
    m,
    {
      title: 'DCB1596 evidence index',
      subject: `Evidence files for the DCB1596 statement of ${m.organisation.legalName}`,
      draftable: true,
    },
    opts,
  );
  titleBlock(b, m, 'Evidence index');
  sampleNotice(b, m);
  const snaps = snapshotFiles(m);
  // A snapshot linked as evidence is one file, in raw/ (bundle-writer.ts): counted there, not twice.
  const snapShas = new Set(snaps.map((s) => s.sha256));
  const files = evidenceFiles(m).filter((f) => !snapShas.has(f.sha256));
  const total = files.reduce((n, f) => n + (f.ref.size ?? 0), 0);
  b.keyValues(
    [
      [
        'Evidence bundle',
        m.bundle ? [t(m.bundle.id, { font: 'mono', size: 7.8, color: colours.ink })] : 'Assigned when the bundle is exported',
      ],
      [
        'Evidence files',
        `${files.length} file${files.length === 1 ? '' : 's'} in evidence/${total ? `, ${formatBytes(total)}` : ''}, linked to ${m.requirements.filter((r) => r.evidence.length).length} requirements`,
      ],
      [
        'Automated results',
        `${snaps.length ? `${snaps.length} raw probe snapshot${snaps.length === 1 ? '' : 's'} in raw/, and ` : ''}raw/technical-results.json with every result in technical-report.pdf`,
      ],
    ],
    { labelWidth: 0.26 },
  );
  b.space(4);
  b.paragraph([
    t(
      'Every file is in the bundle at the path shown, with the SHA-256 shown. To check one by hand: sha256sum <path> (Linux, macOS) or Get-FileHash <path> (Windows PowerShell) must print the same value. manifest.json and SHA256SUMS list every file.',
      { size: 8, color: colours.muted },
    ),
  ]);
  b.heading('Evidence by requirement');
  const rows: Row[] = [];
  const withEvidence = m.requirements.filter((r) => r.evidence.length);
  for (const r of withEvidence) {
    rows.push({
      group: `${r.id} · ${r.title}`,
      note: `${RESULT_LABELS[r.result]}${r.document ? ` · ${r.document.title}, version ${r.document.version}, approved ${formatDate(r.document.approvalDate)}` : ''}`,
    });
    for (const e of r.evidence)
      rows.push({
        cells: [
          [
            t(e.title, { font: 'semibold', size: 8.2, color: colours.ink }),
            t(opts.paths?.get(e.sha256) ?? e.fileName, { size: 8, color: colours.muted }, 1),
          ],
          dates(e),
          [t(e.size !== undefined ? formatBytes(e.size) : '—', { size: 8 })],
          hashBlock(e.sha256),
        ],
      });
  }
  if (rows.length)
    b.table(
      [
        { header: 'Evidence', width: 0.35 },
        { header: 'Dated', width: 0.2 },
        { header: 'Size', width: 0.09 },
        { header: 'SHA-256', width: 0.36 },
      ],
      rows,
    );
  else b.paragraph([t('No evidence files are attached to any requirement.', { color: colours.muted })]);
  const without = m.requirements.filter((r) => !r.evidence.length);
  if (without.length) {
    // A heading kept with its list, so it never sits alone at the foot of a page.
    b.heading('Requirements without evidence files', 3, { keepWith: 36 });
    b.paragraph([
      t(
        `${without.map((r) => r.id).join(', ')}. These rely on the response in the statement, the automated checks in technical-report.pdf, or do not apply.`,
        { size: 8.2, color: colours.muted },
      ),
    ]);
  }
  if (snaps.length) {
    b.heading('Probe snapshots');
    b.table(
      [
        { header: 'Raw result', width: 0.4 },
        { header: 'Collected', width: 0.24 },
        { header: 'SHA-256', width: 0.36 },
      ],
      snaps.map((s) => ({
        cells: [
          [
            t(`${s.kind === 'domain' ? 'Mail domain' : 'Tenant'} ${s.target}`, { font: 'semibold', size: 8.2, color: colours.ink }),
            t(opts.paths?.get(s.sha256) ?? s.fileName, { size: 8, color: colours.muted }, 1),
          ],
          [t(formatDateTime(s.collectedAt), { size: 8 })],
          hashBlock(s.sha256),
        ],
      })),
    );
  }
  return b.finish();
}

export async function renderEvidenceIndexBytes(m: StatementModel, opts: EvidenceIndexOptions = {}): Promise<Uint8Array> {
  return (await renderEvidenceIndex(m, opts)).save({ useObjectStreams: false });
}
