import { ROUTE_LABELS } from '../../../shared/contract/clients';
import type { CheckStatus } from '../../../shared/contract/findings';
import { loadFontBytes, type FontBytes } from '../fonts';
import { formatDateTime } from '../labels';
import { isFullySigned, type RequirementResult, type StatementModel } from '../../statement/statement-model';
import { DocBuilder, t, type DocOptions, type Watermark } from './doc-builder';
import { colours, type Tone } from './theme';

// What the statement, the technical report and the evidence index share: the running header and footer,
// the watermarks, the metadata and the title block.

export interface RenderOptions {
  fonts?: FontBytes;
}

export const resultTone = (r: RequirementResult): Tone =>
  r === 'met' ? 'good' : r === 'partially-met' ? 'warn' : r === 'not-met' ? 'bad' : r === 'not-assessed' ? 'info' : 'neutral';

export const statusTone = (s: CheckStatus): Tone => (s === 'pass' ? 'good' : s === 'warn' ? 'warn' : s === 'fail' ? 'bad' : 'neutral');

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const SAMPLE_TEXT = 'SAMPLE — NOT FOR SUBMISSION';

// DRAFT on every page of every document until both have signed, and on a review pack whatever its state.
export function isDraft(m: StatementModel): boolean {
  return !isFullySigned(m) || m.bundle?.draft === true;
}

function watermarks(m: StatementModel, opts: { draftable: boolean }): Watermark[] {
  const draft = opts.draftable && isDraft(m);
  const out: Watermark[] = [];
  if (draft) out.push({ text: 'DRAFT', colour: colours.watermarkDraft, opacity: 0.11, offset: m.sample ? 95 : 0 });
  if (m.sample) out.push({ text: SAMPLE_TEXT, colour: colours.watermarkSample, opacity: 0.13, offset: draft ? -70 : 0 });
  return out;
}

function footerLines(m: StatementModel): DocOptions['footer']['lines'] {
  if (!m.bundle) return [{ text: 'Preview: the bundle ID and the evidence manifest SHA-256 are assigned when the bundle is exported.' }];
  const lines: DocOptions['footer']['lines'] = [{ text: `Evidence bundle ${m.bundle.id}` }];
  if (m.bundle.manifestSha256) lines.push({ text: `Manifest SHA-256 ${m.bundle.manifestSha256}`, mono: true });
  return lines;
}

export async function createDocument(
  m: StatementModel,
  kind: { title: string; subject: string; draftable: boolean },
  opts: RenderOptions,
): Promise<DocBuilder> {
  const org = m.organisation;
  const author = m.signOffs.ictExpert?.name ?? m.preparedBy?.name ?? org.legalName;
  const marks = watermarks(m, { draftable: kind.draftable });
  // The running header would crowd a long title; the flag names what the watermarks say.
  const flag = marks.length ? { text: marks.map((w) => w.text).join('  ·  '), colour: marks[marks.length - 1]!.colour } : undefined;
  return DocBuilder.create({
    fonts: opts.fonts ?? loadFontBytes(),
    header: {
      left: `${org.legalName} · ODS ${org.odsCode}`,
      right: `${capitalise(kind.title.replace(/^DCB1596 /, ''))} · Cycle ${m.assessment.cycle}`,
      ...(flag ? { flag } : {}),
    },
    footer: { lines: footerLines(m) },
    watermarks: marks,
    meta: {
      title: `${kind.title} — ${org.legalName} (${org.odsCode}), ${m.assessment.cycle}${m.sample ? ' [SAMPLE]' : ''}`,
      author,
      subject: kind.subject,
      keywords: ['DCB1596', 'NHS Secure Email Standard', org.odsCode, `cycle ${m.assessment.cycle}`, ...(m.bundle ? [m.bundle.id] : [])],
      creator: `DCB1596 Workbench ${m.appVersion}`,
      created: new Date(m.generatedAt),
      custom: {
        DCB1596AssessmentId: m.assessment.id,
        DCB1596Sample: m.sample ? 'yes' : 'no',
        ...(m.bundle ? { DCB1596BundleId: m.bundle.id } : {}),
        ...(m.bundle?.manifestSha256 ? { DCB1596ManifestSHA256: m.bundle.manifestSha256 } : {}),
      },
    },
  });
}

// Every document opens the same way: the standard, the document's title, then whose it is.
export function documentHeading(b: DocBuilder, title: string, organisation: string): void {
  b.paragraph([t('NHS SECURE EMAIL STANDARD (DCB1596)', { font: 'semibold', size: 8, color: colours.accent })]);
  b.space(2);
  b.docTitle(title);
  b.space(4);
  b.paragraph([t(organisation, { font: 'semibold', size: 13.5, color: colours.ink, lineFactor: 1.25 })]);
}

// The first lines of page one: what this is, for whom, and which route and cycle.
export function titleBlock(b: DocBuilder, m: StatementModel, title: string): void {
  const org = m.organisation;
  documentHeading(b, title, org.legalName);
  if (org.tradingName) b.paragraph([t(`Trading as ${org.tradingName}`, { size: 9, color: colours.muted })]);
  b.paragraph([
    t(
      `ODS ${org.odsCode}  ·  ${ROUTE_LABELS[org.route]}  ·  Accreditation cycle ${m.assessment.cycle}  ·  Generated ${formatDateTime(m.generatedAt)}`,
      {
        size: 8.4,
        color: colours.muted,
      },
    ),
  ]);
  b.space(10);
}

export function sampleNotice(b: DocBuilder, m: StatementModel): void {
  if (!m.sample) return;
  b.callout(
    [
      t('Sample data — not for submission', { font: 'semibold', size: 8.6, color: colours.ink }),
      t(
        'This document was produced from demonstration data. It describes no real organisation and must not be sent to the NHS secure email team.',
        {
          size: 8.4,
        },
      ),
    ],
    'bad',
  );
  b.space(8);
}
