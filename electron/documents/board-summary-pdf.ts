import { buildBoardSummary, outcomeSentence, type AreaState, type BoardSummary, type Risk } from './board-summary';
import { TRANSITION_LABELS } from '../../shared/domain/finding-identity';
import { checkTitle, formatDate } from './labels';
import type { PDFDocument } from './pdf-lib';
import { badge, t, type Block, type DocBuilder } from './pdf/doc-builder';
import { createDocument, sampleNotice, titleBlock, type RenderOptions } from './pdf/common';
import { colours, tones, type Tone } from './pdf/theme';
import type { StatementModel } from '../statement/statement-model';

// The one-page board summary: the first page of technical-report.pdf and, on its own, board-summary.pdf.
// Plain English first, then the open items by risk, what changed since last year and the two pictures
// (a status strip per area, twelve months of passing checks). Failures and warnings come before passes.

const STATE_LABEL: Record<AreaState, [string, Tone]> = {
  action: ['Action needed', 'bad'],
  attention: ['Needs attention', 'warn'],
  'in-order': ['In order', 'good'],
  'not-checked': ['Not checked', 'info'],
  'not-applicable': ['Not applicable', 'neutral'],
};
const RISK_LABEL: Record<Risk, [string, Tone]> = { high: ['High', 'bad'], medium: ['Medium', 'warn'], low: ['Low', 'neutral'] };
const MAX_ITEMS = 7;
const MAX_FINDINGS = 4;

export function boardSummarySection(b: DocBuilder, m: StatementModel, opts: { heading: boolean; fullReport: string }): void {
  const s = buildBoardSummary(m);
  if (opts.heading) b.heading('Board summary', 1, { keepWith: 200 });
  const high = s.items.filter((i) => i.risk === 'high').length;
  const medium = s.items.filter((i) => i.risk === 'medium').length;
  const low = s.items.length - high - medium;
  b.paragraph([
    t(
      s.items.length
        ? `${s.items.length} open item${s.items.length === 1 ? '' : 's'}: ${high} high, ${medium} medium and ${low} low risk.${s.changes?.counts.regressed ? ` ${s.changes.counts.regressed} check${s.changes.counts.regressed === 1 ? '' : 's'} got worse since cycle ${s.changes.previousCycle}.` : ''}`
        : 'Nothing is open: every check passes and every requirement is answered.',
      { font: 'semibold', size: 10, color: colours.ink },
    ),
  ]);
  outcome(b, m);
  b.space(4);
  areasTable(b, s);
  b.space(4);
  statusStrip(b, s);
  // Standalone, the sub-sections are the document's sections (H2); inside the technical report, H3.
  const sub = opts.heading ? 2 : 1;
  openItems(b, s, opts.fullReport, sub);
  changes(b, s, sub);
  trendChart(b, s, sub);
}

// Where the statement stands with the NHS secure email team, once it was sent: a board asks this first.
function outcome(b: DocBuilder, m: StatementModel): void {
  const o = m.assessment.outcome;
  if (!o) return;
  b.space(3);
  b.paragraph([t(`NHS outcome: ${outcomeSentence(o)}`, { font: 'semibold', size: 9.5, color: colours.ink })]);
  // The summary stays one page: findings still to fix first, at most MAX_FINDINGS of them listed.
  const findings = [...o.findings.filter((f) => !f.resolved), ...o.findings.filter((f) => f.resolved)];
  const items: Block[][] = findings
    .slice(0, MAX_FINDINGS)
    .map((f) => [t(`${f.resolved ? 'Fixed' : 'To fix'}: ${f.text}`, { size: 8.4, color: f.resolved ? colours.muted : colours.body })]);
  if (findings.length > MAX_FINDINGS) items.push([t(`and ${findings.length - MAX_FINDINGS} more`, { size: 8.4, color: colours.muted })]);
  if (items.length) b.list(items);
}

function areasTable(b: DocBuilder, s: BoardSummary): void {
  // Areas needing action first.
  const order: AreaState[] = ['action', 'attention', 'not-checked', 'in-order', 'not-applicable'];
  const areas = [...s.areas].sort((x, y) => order.indexOf(x.state) - order.indexOf(y.state));
  b.table(
    [
      { header: 'Area', width: 0.22 },
      { header: 'Status', width: 0.17 },
      { header: 'In plain English', width: 0.61 },
    ],
    areas.map((a) => {
      const [label, tone] = STATE_LABEL[a.state];
      return {
        cells: [[t(a.label, { font: 'semibold', color: colours.ink })], [badge(label, tone)], [t(a.sentence, { size: 8.4 })]],
      };
    }),
  );
}

// One bar per area: failing, warning, not assessed and passing, in that order, to scale.
function statusStrip(b: DocBuilder, s: BoardSummary): void {
  const shown = s.areas.filter((a) => a.state !== 'not-applicable');
  const rowH = 13;
  const h = shown.length * rowH + 16;
  const alt = `Status strip per area. ${shown
    .map(
      (a) => `${a.label}: ${a.counts.fail} failing, ${a.counts.warn} warnings, ${a.counts.unknown} not assessed, ${a.counts.pass} passing`,
    )
    .join('. ')}.`;
  b.figure(alt, h, (x, top, width) => {
    const labelW = 110;
    const barW = width - labelW - 90;
    shown.forEach((a, i) => {
      const y = top - 4 - (i + 1) * rowH;
      b.drawString(a.label, { x, y: y + 3, size: 8, font: 'regular', color: colours.body });
      const c = a.counts;
      const total = c.fail + c.warn + c.unknown + c.pass;
      let cx = x + labelW;
      const seg = (n: number, tone: Tone) => {
        if (!n || !total) return;
        const w = (n / total) * barW;
        b.page.drawRectangle({ x: cx, y, width: w, height: 9, color: tones[tone].fg, opacity: tone === 'good' ? 0.55 : 0.85 });
        cx += w;
      };
      if (!total) b.page.drawRectangle({ x: cx, y, width: barW, height: 9, color: colours.rule });
      seg(c.fail, 'bad');
      seg(c.warn, 'warn');
      seg(c.unknown, 'info');
      seg(c.pass, 'good');
      b.drawString(total ? `${c.pass} of ${total} pass` : 'no results', {
        x: x + labelW + barW + 6,
        y: y + 1,
        size: 8,
        font: 'regular',
        color: colours.muted,
      });
    });
    const ky = top - h + 2;
    let kx = x + labelW;
    for (const [label, tone] of [
      ['Fail', 'bad'],
      ['Warning', 'warn'],
      ['Not assessed', 'info'],
      ['Pass', 'good'],
    ] as [string, Tone][]) {
      b.page.drawRectangle({ x: kx, y: ky, width: 7, height: 7, color: tones[tone].fg, opacity: tone === 'good' ? 0.55 : 0.85 });
      kx += 10 + b.drawString(label, { x: kx + 10, y: ky, size: 8, font: 'regular', color: colours.muted }) + 12;
    }
  });
}

function openItems(b: DocBuilder, s: BoardSummary, fullReport: string, level: 1 | 2): void {
  b.heading('Open items by risk', level, { keepWith: 60 });
  if (!s.items.length) {
    b.paragraph([t('None.', { color: colours.muted })]);
    return;
  }
  const shown = s.items.slice(0, MAX_ITEMS);
  b.table(
    [
      { header: 'Risk', width: 0.11 },
      { header: 'Item', width: 0.47 },
      { header: 'Owner', width: 0.24 },
      { header: 'Due', width: 0.18 },
    ],
    shown.map((i) => {
      const [label, tone] = RISK_LABEL[i.risk];
      return {
        cells: [
          [badge(label, tone)],
          [t(i.title, { font: 'semibold', size: 8.2, color: colours.ink })],
          [t(i.owner, { size: 8 })],
          [t(formatDate(i.due), { size: 8 })],
        ],
      };
    }),
  );
  if (s.items.length > shown.length)
    b.paragraph([
      t(`And ${s.items.length - shown.length} more, listed with their findings in ${fullReport}.`, { size: 8, color: colours.muted }),
    ]);
}

function changes(b: DocBuilder, s: BoardSummary, level: 1 | 2): void {
  b.heading('What changed since last year', level, { keepWith: 30 });
  if (!s.changes) {
    b.paragraph([t('There is no earlier cycle with its own results to compare with.', { size: 8.4, color: colours.muted })]);
    return;
  }
  const c = s.changes.counts;
  const parts = (['regressed', 'not-comparable', 'improved', 'new', 'removed', 'unchanged'] as const)
    .filter((k) => c[k])
    .map((k) => `${c[k]} ${TRANSITION_LABELS[k].toLowerCase()}`);
  const items: Block[][] = s.changes.notable.slice(0, 3).map((r) => [
    t(`${TRANSITION_LABELS[r.change]}: ${checkTitle(r.check)} on ${r.target} (${r.previous ?? '—'} → ${r.current ?? '—'})`, {
      size: 8.4,
      color: r.change === 'regressed' ? tones.bad.fg : colours.body,
    }),
  ]);
  b.paragraph([t(`Against cycle ${s.changes.previousCycle}: ${parts.join(', ') || 'no checks in common'}.`, { size: 8.4 })]);
  if (items.length) b.list(items);
}

// Passing checks at the end of each month, as bars; the checked total as a faint bar behind.
function trendChart(b: DocBuilder, s: BoardSummary, level: 1 | 2): void {
  if (!s.trend.length || s.trend.every((p) => p.checked === 0)) return;
  b.heading('Passing checks over twelve months', level, { keepWith: 80 });
  const h = 78;
  const fmtMonth = (m: string) => formatDate(`${m}-01`).replace(/^1 /, '');
  const alt = `Bar chart of passing checks at the end of each month: ${s.trend
    .map((p) => `${fmtMonth(p.month)} ${p.checked ? `${p.passing} of ${p.checked}` : 'no results'}`)
    .join('; ')}.`;
  b.figure(alt, h, (x, top, width) => {
    const max = Math.max(1, ...s.trend.map((p) => p.checked));
    const chartH = h - 24;
    const base = top - chartH - 4;
    const slot = width / s.trend.length;
    s.trend.forEach((p, i) => {
      const bx = x + i * slot + slot * 0.18;
      const bw = slot * 0.64;
      if (p.checked) b.page.drawRectangle({ x: bx, y: base, width: bw, height: (p.checked / max) * chartH, color: colours.rule });
      if (p.passing)
        b.page.drawRectangle({ x: bx, y: base, width: bw, height: (p.passing / max) * chartH, color: tones.good.fg, opacity: 0.6 });
      const label = `${fmtMonth(p.month).slice(0, 3)} ${p.month.slice(2, 4)}`;
      const lw = b.textWidth(label, 'regular', 8);
      b.drawString(label, { x: x + i * slot + (slot - lw) / 2, y: base - 11, size: 8, font: 'regular', color: colours.muted });
      if (p.checked) {
        const v = String(p.passing);
        const vw = b.textWidth(v, 'semibold', 8);
        b.drawString(v, { x: bx + (bw - vw) / 2, y: base + (p.passing / max) * chartH + 2, size: 8, font: 'semibold', color: colours.ink });
      }
    });
    b.page.drawLine({ start: { x, y: base }, end: { x: x + width, y: base }, thickness: 0.5, color: colours.ruleStrong });
  });
}

async function renderBoardSummary(m: StatementModel, opts: RenderOptions = {}): Promise<PDFDocument> {
  const b = await createDocument(
    m,
    { title: 'DCB1596 board summary', subject: `Email security status of ${m.organisation.legalName} for its board`, draftable: true },
    opts,
  );
  titleBlock(b, m, 'Board summary');
  sampleNotice(b, m);
  boardSummarySection(b, m, { heading: false, fullReport: 'technical-report.pdf' });
  return b.finish();
}

export async function renderBoardSummaryBytes(m: StatementModel, opts: RenderOptions = {}): Promise<Uint8Array> {
  return (await renderBoardSummary(m, opts)).save({ useObjectStreams: false });
}
