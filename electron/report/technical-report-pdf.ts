import type { Finding } from '../../shared/contract/findings';
import { REASON_LABELS, STATUS_LABELS, checkTitle, formatDateTime, formatTimeRange } from './labels';
import type { PDFDocument } from './pdf-lib';
import { badge, t, type Block, type DocBuilder, type Row } from './pdf/doc-builder';
import { createDocument, sampleNotice, statusTone, titleBlock, type RenderOptions } from './pdf/common';
import { colours, tones, type Tone } from './pdf/theme';
import type { StatementModel, TechnicalRun } from './statement-model';
import type { YearOnYear, YearOnYearChange } from './year-on-year';

// technical-report.pdf: every domain and tenant finding in words a care provider can read — what was
// found, why it matters, how to fix it — with the collection time and the raw snapshot it came from.
// An optional last section compares this cycle with the previous one (see year-on-year.ts).

export interface TechnicalReportOptions extends RenderOptions {
  // Where each run's raw snapshot sits in the bundle, by the snapshot's SHA-256.
  snapshotPaths?: ReadonlyMap<string, string>;
}

const runTitle = (r: TechnicalRun) => (r.kind === 'domain' ? `Mail domain ${r.target}` : `Microsoft 365 tenant ${r.target}`);

const count = (fs: Finding[], s: Finding['status']) => fs.filter((f) => f.status === s).length;

export async function renderTechnicalReport(m: StatementModel, opts: TechnicalReportOptions = {}): Promise<PDFDocument> {
  const b = await createDocument(
    m,
    {
      title: 'DCB1596 technical results report',
      subject: `Mail domain and tenant checks for ${m.organisation.legalName}`,
      draftable: false,
    },
    opts,
  );
  titleBlock(b, m, 'Technical results report');
  sampleNotice(b, m);
  const runs = m.technical.runs;
  const times = runs.map((r) => r.finishedAt).sort();
  b.keyValues(
    [
      [
        'Evidence bundle',
        m.bundle ? [t(m.bundle.id, { font: 'mono', size: 7.8, color: colours.ink })] : 'Assigned when the bundle is exported',
      ],
      ['Domains in scope', m.organisation.domains.join(', ')],
      [
        'Results collected',
        times.length ? `${formatDateTime(times[0]!)} to ${formatDateTime(times[times.length - 1]!)}` : 'No results recorded',
      ],
    ],
    { labelWidth: 0.26 },
  );
  b.heading('Summary');
  if (!runs.length) {
    b.paragraph([t('No automated checks were recorded for this cycle.', { color: colours.muted })]);
  } else {
    const num = (n: number, tone: Tone) => (n ? [badge(String(n), tone)] : [t('0', { color: colours.faint })]);
    b.table(
      [
        { header: 'Checked', width: 0.4 },
        { header: 'Collected', width: 0.2 },
        { header: 'Pass', width: 0.1 },
        { header: 'Warning', width: 0.1 },
        { header: 'Fail', width: 0.1 },
        { header: 'N/A', width: 0.1 },
      ],
      runs.map((r) => ({
        cells: [
          [
            t(runTitle(r), { font: 'semibold', size: 8, color: colours.ink }),
            t(`Source: ${r.source}`, { size: 6.8, color: colours.muted }),
          ],
          [t(formatDateTime(r.finishedAt), { size: 7.6 })],
          num(count(r.findings, 'pass'), 'good'),
          num(count(r.findings, 'warn'), 'warn'),
          num(count(r.findings, 'fail'), 'bad'),
          num(count(r.findings, 'not-assessable'), 'neutral'),
        ],
      })),
    );
  }
  runs.forEach((run, i) => runSection(b, run, i + 1, opts.snapshotPaths));
  if (m.technical.yearOnYear) yearOnYearSection(b, m, m.technical.yearOnYear);
  return b.finish();
}

function runSection(b: DocBuilder, run: TechnicalRun, n: number, snapshotPaths: ReadonlyMap<string, string> | undefined): void {
  b.heading(`${n}. ${runTitle(run)}`);
  const snap = run.snapshot
    ? `${snapshotPaths?.get(run.snapshot.sha256) ?? run.snapshot.fileName} (SHA-256 ${run.snapshot.sha256})`
    : 'not kept';
  b.paragraph([
    t(`Collected ${formatTimeRange(run.startedAt, run.finishedAt)} · source ${run.source}`, { size: 7.8, color: colours.muted }),
    t(`Raw snapshot: ${snap}`, { size: 7, color: colours.muted }),
  ]);
  b.space(6);
  if (!run.findings.length) {
    b.paragraph([t('This run produced no findings.', { color: colours.muted })]);
    return;
  }
  const rows: Row[] = run.findings.map((f) => {
    const right: Block[] = [t(f.summary, { font: 'semibold', size: 8.2, color: colours.ink })];
    if (f.target && f.target !== run.target) right.push(t(f.target, { size: 7, color: colours.muted }));
    if (f.status === 'not-assessable' && f.reason)
      right.push(t(`Not assessable: ${REASON_LABELS[f.reason]}.`, { size: 7.6, font: 'italic' }, 2));
    if (f.detail) right.push(t(f.detail, { size: 7.4 }, 3));
    if (f.remediation) right.push(t(`How to fix: ${f.remediation}`, { size: 7.4, color: colours.accent }, 3));
    return {
      cells: [[t(checkTitle(f.check), { size: 7.8, color: colours.ink }), badge(STATUS_LABELS[f.status], statusTone(f.status), 3)], right],
    };
  });
  b.table(
    [
      { header: 'Check', width: 0.27 },
      { header: 'Finding', width: 0.73 },
    ],
    rows,
  );
}

const CHANGE_LABELS: Record<YearOnYearChange, [string, Tone]> = {
  improved: ['Improved', 'good'],
  regressed: ['Worse', 'bad'],
  unchanged: ['Unchanged', 'neutral'],
  new: ['New check', 'info'],
  removed: ['No longer checked', 'neutral'],
};

function yearOnYearSection(b: DocBuilder, m: StatementModel, y: YearOnYear): void {
  b.addPage();
  b.heading(`Changes since cycle ${y.previousCycle}`);
  const n = (c: YearOnYearChange) => y.rows.filter((r) => r.change === c).length;
  b.paragraph([
    t(
      `The same checks on the same targets in cycle ${y.previousCycle}${y.previousCollectedAt ? ` (collected ${formatDateTime(y.previousCollectedAt)})` : ''} and cycle ${m.assessment.cycle}: ${n('improved')} improved, ${n('regressed')} worse, ${n('unchanged')} unchanged, ${n('new')} new, ${n('removed')} no longer checked.`,
      { size: 8.2 },
    ),
  ]);
  b.space(6);
  const status = (s: Finding['status'] | undefined): Block[] =>
    s ? [badge(STATUS_LABELS[s], statusTone(s))] : [t('—', { color: colours.faint })];
  const order: YearOnYearChange[] = ['regressed', 'improved', 'new', 'removed', 'unchanged'];
  const rows = [...y.rows].sort((a, c) => order.indexOf(a.change) - order.indexOf(c.change));
  b.table(
    [
      { header: 'Check', width: 0.3 },
      { header: 'Target', width: 0.22 },
      { header: `Cycle ${y.previousCycle}`, width: 0.14 },
      { header: `Cycle ${m.assessment.cycle}`, width: 0.14 },
      { header: 'Change', width: 0.2 },
    ],
    rows.map((r) => {
      const [label, tone] = CHANGE_LABELS[r.change];
      return {
        cells: [
          [
            t(checkTitle(r.check), { size: 7.6, color: colours.ink }),
            ...(r.note ? [t(r.note, { size: 6.8, color: colours.muted }, 2)] : []),
          ],
          [t(r.target, { size: 7.2, color: colours.muted })],
          status(r.previous),
          status(r.current),
          [t(label, { font: 'semibold', size: 7.6, color: tones[tone].fg })],
        ],
      };
    }),
  );
}

export async function renderTechnicalReportBytes(m: StatementModel, opts: TechnicalReportOptions = {}): Promise<Uint8Array> {
  return (await renderTechnicalReport(m, opts)).save({ useObjectStreams: false });
}
