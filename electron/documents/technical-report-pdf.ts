import type { Finding } from '../../shared/contract/findings';
import { TRANSITION_LABELS } from '../../shared/domain/finding-identity';
import { boardSummarySection } from './board-summary-pdf';
import { REASON_LABELS, STATUS_LABELS, checkTitle, formatDateTime, formatTimeRange } from './labels';
import type { PDFDocument } from './pdf-lib';
import { badge, t, type Block, type DocBuilder, type Row } from './pdf/doc-builder';
import { createDocument, sampleNotice, statusTone, titleBlock, type RenderOptions } from './pdf/common';
import { colours, tones, type Tone } from './pdf/theme';
import type { StatementModel, TechnicalRun } from '../statement/statement-model';
import type { YearOnYear, YearOnYearChange } from '../statement/year-on-year';

// technical-report.pdf: a one-page board summary first (board-summary-pdf.ts), then every domain and
// tenant finding in words a care provider can read — what was found, why it matters, how to fix it —
// failures and warnings before passes, with the collection time and the raw snapshot it came from.
// An optional last section compares this cycle with the previous one (see year-on-year.ts).

export interface TechnicalReportOptions extends RenderOptions {
  // Where each run's raw snapshot sits in the bundle, by the snapshot's SHA-256.
  snapshotPaths?: ReadonlyMap<string, string>;
}

const runTitle = (r: TechnicalRun) => (r.kind === 'domain' ? `Mail domain ${r.target}` : `Microsoft 365 tenant ${r.target}`);

const count = (fs: Finding[], s: Finding['status']) => fs.filter((f) => f.status === s).length;

// Failures first, then warnings, then what could not be assessed, then passes.
const STATUS_ORDER: Finding['status'][] = ['fail', 'warn', 'not-assessable', 'pass'];
const worstFirst = <T extends { status: Finding['status'] }>(xs: readonly T[]) =>
  xs
    .map((x, i) => [x, i] as const)
    .sort((a, b) => STATUS_ORDER.indexOf(a[0].status) - STATUS_ORDER.indexOf(b[0].status) || a[1] - b[1])
    .map(([x]) => x);
const worstOf = (r: TechnicalRun) => Math.min(4, ...r.findings.map((f) => STATUS_ORDER.indexOf(f.status)));

// "12 March 2026, 10:00 UTC" once when every run finished at the same minute; a range otherwise.
function collectedSpan(times: string[]): string {
  if (!times.length) return 'No results recorded';
  const first = formatDateTime(times[0]!);
  const last = formatDateTime(times[times.length - 1]!);
  return first === last ? first : `${first} to ${last}`;
}

async function renderTechnicalReport(m: StatementModel, opts: TechnicalReportOptions = {}): Promise<PDFDocument> {
  const b = await createDocument(
    m,
    {
      title: 'DCB1596 technical results report',
      subject: `Mail domain and tenant checks for ${m.organisation.legalName}`,
      draftable: true,
    },
    opts,
  );
  titleBlock(b, m, 'Technical results report');
  sampleNotice(b, m);
  boardSummarySection(b, m, { heading: true, fullReport: 'the sections that follow' });
  b.addPage();
  b.heading('Technical results');
  // Runs with failures first, then warnings, then the rest, in their recorded order.
  const runs = m.technical.runs
    .map((r, i) => [r, i] as const)
    .sort((a, c) => worstOf(a[0]) - worstOf(c[0]) || a[1] - c[1])
    .map(([r]) => r);
  const times = runs.map((r) => r.finishedAt).sort();
  b.keyValues(
    [
      [
        'Evidence bundle',
        m.bundle ? [t(m.bundle.id, { font: 'mono', size: 7.8, color: colours.ink })] : 'Assigned when the bundle is exported',
      ],
      ['Domains in scope', m.organisation.domains.join(', ')],
      ['Results collected', collectedSpan(times)],
    ],
    { labelWidth: 0.26 },
  );
  b.heading('Results by domain and tenant', 2);
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
          [t(runTitle(r), { font: 'semibold', size: 8, color: colours.ink }), t(`Source: ${r.source}`, { size: 8, color: colours.muted })],
          [t(formatDateTime(r.finishedAt), { size: 8 })],
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
  b.heading(`${n}. ${runTitle(run)}`, 2, { keepWith: 80 });
  const snap = run.snapshot
    ? `${snapshotPaths?.get(run.snapshot.sha256) ?? run.snapshot.fileName} (SHA-256 ${run.snapshot.sha256})`
    : 'not kept';
  b.paragraph([
    t(`Collected ${formatTimeRange(run.startedAt, run.finishedAt)} · source ${run.source}`, { size: 8, color: colours.muted }),
    t(`Raw snapshot: ${snap}`, { size: 8, color: colours.muted }),
  ]);
  b.space(6);
  if (!run.findings.length) {
    b.paragraph([t('This run produced no findings.', { color: colours.muted })]);
    return;
  }
  const rows: Row[] = worstFirst(run.findings).map((f) => {
    const right: Block[] = [t(f.summary, { font: 'semibold', size: 8.4, color: colours.ink })];
    if (f.target && f.target !== run.target) right.push(t(f.target, { size: 8, color: colours.muted }));
    if (f.status === 'not-assessable' && f.reason)
      right.push(t(`Not assessable: ${REASON_LABELS[f.reason]}.`, { size: 8, font: 'italic' }, 2));
    // The fix is printed once: a detail that already ends with the fix text does not repeat it.
    const fix = f.remediation?.trim();
    const detail =
      fix && f.detail?.includes(fix)
        ? f.detail
            .replace(fix, '')
            .replace(/\s*(How to fix:)?\s*$/, '')
            .trim()
        : f.detail;
    if (detail) right.push(t(detail, { size: 8 }, 3));
    if (fix) right.push(t(`How to fix: ${fix}`, { size: 8, color: colours.accent }, 3));
    return {
      cells: [[t(checkTitle(f.check), { size: 8.2, color: colours.ink }), badge(STATUS_LABELS[f.status], statusTone(f.status), 3)], right],
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

const CHANGE_TONES: Record<YearOnYearChange, Tone> = {
  regressed: 'bad',
  'not-comparable': 'warn',
  new: 'info',
  removed: 'neutral',
  improved: 'good',
  unchanged: 'neutral',
};

function yearOnYearSection(b: DocBuilder, m: StatementModel, y: YearOnYear): void {
  b.addPage();
  b.heading(`Changes since cycle ${y.previousCycle}`);
  const n = (c: YearOnYearChange) => y.rows.filter((r) => r.change === c).length;
  b.paragraph([
    t(
      `Each finding (the same check on the same domain, mail server or tenant) in cycle ${y.previousCycle}'s own results${y.previousCollectedAt ? ` (collected ${formatDateTime(y.previousCollectedAt)})` : ''} against cycle ${m.assessment.cycle}'s: ${n('regressed')} regressed, ${n('not-comparable')} not comparable (one of the two could not be assessed), ${n('improved')} improved, ${n('new')} new, ${n('removed')} no longer checked, ${n('unchanged')} unchanged. Grouped by domain and tenant, regressions first.`,
      { size: 8.4 },
    ),
  ]);
  b.space(6);
  const status = (s: Finding['status'] | undefined): Block[] =>
    s ? [badge(STATUS_LABELS[s], statusTone(s))] : [t('—', { color: colours.faint })];
  const rows: Row[] = [];
  let area = '';
  for (const r of y.rows) {
    const key = `${r.area.kind}:${r.area.name}`;
    if (key !== area) {
      area = key;
      rows.push({ group: r.area.kind === 'domain' ? `Mail domain ${r.area.name}` : `Microsoft 365 tenant ${r.area.name}` });
    }
    rows.push({
      cells: [
        [
          t(checkTitle(r.check), { size: 8.2, color: colours.ink }),
          ...(r.target !== r.area.name ? [t(r.target, { size: 8, color: colours.muted })] : []),
          ...(r.note ? [t(r.note, { size: 8, color: colours.muted }, 2)] : []),
        ],
        status(r.previous),
        status(r.current),
        [t(TRANSITION_LABELS[r.change], { font: 'semibold', size: 8.2, color: tones[CHANGE_TONES[r.change]].fg })],
      ],
    });
  }
  b.table(
    [
      { header: 'Check', width: 0.46 },
      { header: `Cycle ${y.previousCycle}`, width: 0.17 },
      { header: `Cycle ${m.assessment.cycle}`, width: 0.17 },
      { header: 'Change', width: 0.2 },
    ],
    rows,
  );
}

export async function renderTechnicalReportBytes(m: StatementModel, opts: TechnicalReportOptions = {}): Promise<Uint8Array> {
  return (await renderTechnicalReport(m, opts)).save({ useObjectStreams: false });
}
