import type { ClientNeedsView } from '../../shared/contract/assessments';
import { ASK_LABELS } from '../../shared/domain/client-needs';
import { safeFileName } from '../bundle/zip/names';
import { loadFontBytes } from './fonts';
import { formatDate } from './labels';
import { SAMPLE_TEXT, documentHeading, type RenderOptions } from './pdf/common';
import { DocBuilder, t, type Block } from './pdf/doc-builder';
import { colours } from './pdf/theme';

// "What we still need from you" as a PDF for the care provider: the list shared/domain/client-needs.ts makes
// from the readiness model, in the statement's document style (doc-builder.ts: tagged, bookmarked, nothing
// under 8 pt), written for a care home manager — the requirement's title, what to send, no field keys.

export interface ClientNeedsPdfOptions extends RenderOptions {
  appVersion: string;
}

async function renderClientNeedsPdf(v: ClientNeedsView, opts: ClientNeedsPdfOptions): Promise<Uint8Array> {
  const title = 'What we still need from you';
  const b = await DocBuilder.create({
    fonts: opts.fonts ?? loadFontBytes(),
    header: {
      left: v.clientName,
      right: `${title} · ${v.cycle}`,
      ...(v.sample ? { flag: { text: SAMPLE_TEXT, colour: colours.watermarkSample } } : {}),
    },
    footer: {
      lines: [{ text: `List made on ${formatDate(v.asOf)} from the accreditation checklist. Anything sent since then may not show yet.` }],
    },
    watermarks: v.sample ? [{ text: SAMPLE_TEXT, colour: colours.watermarkSample, opacity: 0.13 }] : [],
    meta: {
      title: `${title} — ${v.clientName}, ${v.cycle}${v.sample ? ' [SAMPLE]' : ''}`,
      author: `DCB1596 Workbench ${opts.appVersion}`,
      subject: `Documents and answers ${v.clientName} still needs to supply for the NHS Secure Email Standard (DCB1596)`,
      keywords: ['DCB1596', 'NHS Secure Email Standard', `cycle ${v.cycle}`],
      creator: `DCB1596 Workbench ${opts.appVersion}`,
      created: new Date(`${v.asOf}T00:00:00Z`),
      custom: { DCB1596AssessmentId: v.assessmentId, DCB1596Sample: v.sample ? 'yes' : 'no' },
    },
  });

  documentHeading(b, title, v.clientName);
  b.paragraph([
    t(`${v.cycle} accreditation  ·  Planned submission ${formatDate(v.plannedSubmissionDate)}  ·  List made on ${formatDate(v.asOf)}`, {
      size: 8.4,
      color: colours.muted,
    }),
  ]);
  b.space(10);
  if (v.sample) {
    b.callout(
      [t('Sample data: this list describes a fictional care provider.', { font: 'semibold', size: 8.6, color: colours.ink })],
      'bad',
    );
    b.space(8);
  }

  if (v.items.length === 0) {
    b.callout(
      [
        t('Nothing is outstanding', { font: 'semibold', size: 9.5, color: colours.ink }),
        t('We have everything we need from you for now. Thank you.', { size: 9 }),
      ],
      'good',
    );
    return b.finish().save({ useObjectStreams: false });
  }

  b.paragraph([
    t(
      'To complete your accreditation to the NHS Secure Email Standard we need the items below from you. The first group must be in place before the statement can be signed and sent to the NHS secure email team; the second is recommended. Please reply with the documents attached, or tell us if something does not apply to you. The reference after each item is the line in our checklist, so you can quote it in your reply.',
      { size: 9, color: colours.body },
    ),
  ]);

  const section = (heading: string, items: ClientNeedsView['items']) => {
    if (!items.length) return;
    b.heading(`${heading} (${items.length})`);
    items.forEach((n, i) => {
      b.heading(`${i + 1}. ${n.topic}`, 3, { keepWith: 30 });
      if (n.requirementId) b.paragraph([t(`Checklist reference ${n.requirementId}`, { size: 8, color: colours.muted })]);
      b.space(2);
      b.list(n.asks.map((a): Block[] => [t(`${ASK_LABELS[a.kind]}: ${a.text}`, { size: 9 })]));
      b.space(4);
    });
  };
  section(
    'Needed before we can submit',
    v.items.filter((n) => n.required),
  );
  section(
    'Recommended',
    v.items.filter((n) => !n.required),
  );
  return b.finish().save({ useObjectStreams: false });
}

export async function renderClientNeedsFile(
  v: ClientNeedsView,
  opts: ClientNeedsPdfOptions,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { stem } = safeFileName(v.clientName, 60);
  return { fileName: `what-we-need-${stem}-${v.cycle}${v.sample ? '-SAMPLE' : ''}.pdf`, bytes: await renderClientNeedsPdf(v, opts) };
}
