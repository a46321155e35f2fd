import type { Requirement } from './catalogue/schema';
import { formatDate } from './dates';
import { evidenceNeeds } from './evidence-requirements';
import type { IssueKind, Readiness, ReadinessInput, ReadinessIssue } from './readiness';

// "What we still need from you": the part of the one readiness model (readiness.ts) that the care provider
// itself must supply — missing documents and their details, unanswered questions about the organisation,
// evidence files, the contact and site details — in words a care home manager reads without the app. Pure:
// it reads the blockers and warnings evaluateReadiness returned and never judges readiness itself, so the
// list, the checklist and sign-off always agree. Work the consultant does (domain checks, the tenant probe,
// technical answers, sign-offs, the statement details) is left out.

export type AskKind = 'answer' | 'document' | 'evidence' | 'detail';

export interface ClientAsk {
  kind: AskKind;
  text: string;
}

export interface ClientNeed {
  // The checklist reference the consultant and the client can both quote (absent for contact and sites).
  requirementId?: string;
  topic: string;
  asks: ClientAsk[];
  // Needed before the statement can be submitted (a blocker), or only recommended (a warning).
  required: boolean;
}

// Which readiness issues the client answers: always, never, or only on a requirement the client answers
// (see `clientAnswers`). Data, so the table test covers every kind, and a new kind fails the type check here.
export const CLIENT_SUPPLIES: Record<IssueKind, 'client' | 'consultant' | 'if-client-requirement'> = {
  unanswered: 'if-client-requirement',
  'carried-over': 'if-client-requirement',
  'field-missing': 'if-client-requirement',
  'date-too-old': 'if-client-requirement',
  expired: 'if-client-requirement',
  'document-missing': 'client',
  'evidence-required': 'client',
  'evidence-expired': 'client',
  'evidence-missing': 'client',
  'evidence-expiring': 'client',
  // The NHS gates on the client's own facts (DSPT, ISO 27001, pen test); a gate on a probe finding is ours.
  gate: 'if-client-requirement',
  // Only the contact, the sites' ODS codes and the ICT provider's signatory (see STATEMENT_FIELDS).
  'statement-missing': 'client',
  'not-met': 'consultant',
  'partially-met': 'consultant',
  'na-unjustified': 'consultant',
  'check-failed': 'consultant',
  'check-warning': 'consultant',
  'check-not-assessable': 'consultant',
  'check-not-run': 'consultant',
  'probe-missing': 'consultant',
  'probe-stale': 'consultant',
  'signoff-missing': 'consultant',
};

// A requirement the care provider answers: the organisation's own declaration with no automated check
// behind it, or one that needs a document or a file only the provider (or its ICT supplier) holds.
export function clientAnswers(r: Requirement): boolean {
  if (r.documentReference) return true;
  if (evidenceNeeds(r.id).some((n) => n.kind === 'file')) return true;
  return r.asserts.includes('organisation-signatory') && r.checks.length === 0;
}

const STATEMENT_FIELDS: Record<string, { topic: string; ask: (i: ReadinessIssue) => string }> = {
  contact: {
    topic: 'Contact for the NHS secure email team',
    ask: () => 'The name and email address of the person the NHS secure email team should contact about this application.',
  },
  sites: {
    topic: 'Your sites',
    ask: (i) => `The ODS code of ${i.target ? `“${i.target}”` : 'each site'} (every site is listed with its ODS code).`,
  },
  'ictProvider.signatory': {
    topic: 'Your ICT service provider’s signatory',
    ask: () => 'Ask your ICT service provider who signs for them: their name, role, organisation and the date they signed.',
  },
  'ictProvider.signatory.date': {
    topic: 'Your ICT service provider’s signatory',
    ask: () => 'The date your ICT service provider’s signatory signed (it cannot be in the future).',
  },
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
// Readiness messages start with the requirement they concern ("ORG-01: …"); the list names it already.
const withoutRef = (message: string) => capitalise(message.replace(/^[A-Z0-9]+-\d{2}:\s*/, ''));
const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
const readableDates = (s: string) => s.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => formatDate(d));
const andList = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

function askFor(issue: ReadinessIssue, r: Requirement | undefined, input: Pick<ReadinessInput, 'responses'>): ClientAsk | undefined {
  const value = (key: string) => input.responses[r?.id ?? '']?.fields?.[key]?.trim();
  const label = (key: string) => r?.fields.find((f) => f.key === key)?.label ?? key;
  switch (issue.kind) {
    case 'unanswered':
      return { kind: 'answer', text: 'Tell us how you meet this, or why it does not apply to you.' };
    case 'carried-over':
      return { kind: 'answer', text: 'Confirm that last year’s answer still holds, or tell us what has changed.' };
    case 'document-missing':
      if (issue.missing?.length)
        return { kind: 'document', text: `The document’s ${andList(issue.missing.map((m) => m.replace(/^document /, '')))}.` };
      return { kind: 'document', text: sentence(readableDates(withoutRef(issue.message))) };
    case 'field-missing':
      return { kind: 'detail', text: `${label(issue.field ?? '')}.` };
    case 'gate':
      // A gate on no field (ICT-01 not claimed) repeats what the unanswered item and its file already ask.
      if (!issue.field) return undefined;
      if (!value(issue.field)) return { kind: 'detail', text: `${label(issue.field)}.` };
      return { kind: 'detail', text: sentence(readableDates(withoutRef(issue.message))) };
    case 'date-too-old':
    case 'expired':
      return { kind: 'detail', text: `${sentence(readableDates(withoutRef(issue.message)))} Please send the current details.` };
    case 'evidence-required':
      // "the … procedure named in the document details" is the consultant's cue; the client just sends it.
      return {
        kind: 'evidence',
        text: `A copy of ${(issue.missing?.[0] ?? 'the supporting document').replace(/ named in the document details$/, '')}.`,
      };
    case 'evidence-expired':
      return {
        kind: 'evidence',
        text: `The current version of “${issue.evidence?.title ?? 'the document'}”: our copy expired${issue.evidence?.expiresAt ? ` on ${formatDate(issue.evidence.expiresAt)}` : ''}.`,
      };
    case 'evidence-missing':
      return { kind: 'evidence', text: `“${issue.evidence?.title ?? 'The document'}” again: our copy can no longer be read.` };
    case 'evidence-expiring':
      return {
        kind: 'evidence',
        text: `The renewed version of “${issue.evidence?.title ?? 'the document'}” when you have it: it expires${issue.evidence?.expiresAt ? ` on ${formatDate(issue.evidence.expiresAt)}` : ' soon'}.`,
      };
    case 'statement-missing': {
      const f = STATEMENT_FIELDS[issue.field ?? ''];
      return f ? { kind: 'detail', text: f.ask(issue) } : undefined;
    }
    default:
      return undefined;
  }
}

function isClients(issue: ReadinessIssue, r: Requirement | undefined): boolean {
  const who = CLIENT_SUPPLIES[issue.kind];
  if (who === 'consultant') return false;
  if (issue.kind === 'statement-missing') return (issue.field ?? '') in STATEMENT_FIELDS;
  if (issue.kind === 'gate' && issue.check) return false;
  if (who === 'client') return true;
  return r !== undefined && clientAnswers(r);
}

// The items, in catalogue order (then contact and sites), each with what to send.
export function clientNeeds(
  readiness: Pick<Readiness, 'blockers' | 'warnings'>,
  input: Pick<ReadinessInput, 'requirements' | 'responses'>,
) {
  const order = new Map(input.requirements.map((r, i) => [r.id, i]));
  const byKey = new Map<string, ClientNeed>();
  for (const issue of [...readiness.blockers, ...readiness.warnings]) {
    const reqId = issue.requirementIds.length === 1 ? issue.requirementIds[0] : undefined;
    const r = reqId ? input.requirements.find((x) => x.id === reqId) : undefined;
    if (!isClients(issue, r)) continue;
    const ask = askFor(issue, r, input);
    if (!ask) continue;
    const statement = issue.kind === 'statement-missing' ? STATEMENT_FIELDS[issue.field ?? ''] : undefined;
    const key = statement ? `statement:${statement.topic}` : (r?.id ?? issue.message);
    const need = byKey.get(key) ?? {
      ...(r && !statement ? { requirementId: r.id } : {}),
      topic: statement?.topic ?? r?.title ?? withoutRef(issue.message),
      asks: [],
      required: false,
    };
    if (!need.asks.some((a) => a.text === ask.text)) need.asks.push(ask);
    need.required ||= issue.severity === 'blocker';
    byKey.set(key, need);
  }
  const rank = (n: ClientNeed) => (n.requirementId ? (order.get(n.requirementId) ?? 9_999) : 10_000);
  return [...byKey.values()].sort((a, b) => Number(b.required) - Number(a.required) || rank(a) - rank(b));
}

export interface ClientNeedsHeader {
  clientName: string;
  cycle: number;
  plannedSubmissionDate: string;
  // The day the list was made (UTC date).
  asOf: string;
}

// The copyable text: what an email to the client would say, the same words as the PDF.
export function clientNeedsText(h: ClientNeedsHeader, needs: readonly ClientNeed[]): string {
  const lines = [
    `What we still need from you — ${h.clientName}`,
    `NHS Secure Email Standard (DCB1596), ${h.cycle} accreditation. Planned submission: ${formatDate(h.plannedSubmissionDate)}. List made on ${formatDate(h.asOf)}.`,
    '',
  ];
  if (needs.length === 0) {
    lines.push('Nothing: we have everything we need from you for now. Thank you.');
    return lines.join('\n');
  }
  const section = (title: string, items: readonly ClientNeed[]) => {
    if (!items.length) return;
    lines.push(title, '');
    items.forEach((n, i) => {
      lines.push(`${i + 1}. ${n.topic}${n.requirementId ? ` (ref. ${n.requirementId})` : ''}`);
      for (const a of n.asks) lines.push(`   - ${ASK_LABELS[a.kind]}: ${a.text}`);
      lines.push('');
    });
  };
  section(
    'Needed before we can submit:',
    needs.filter((n) => n.required),
  );
  section(
    'Recommended (not needed to submit):',
    needs.filter((n) => !n.required),
  );
  lines.push('Please reply with the documents attached, or tell us if anything does not apply to you.');
  return lines.join('\n');
}

export const ASK_LABELS: Record<AskKind, string> = {
  answer: 'Your answer',
  document: 'Document details',
  evidence: 'Please send',
  detail: 'Please tell us',
};
