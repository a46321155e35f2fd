import { CHECKS } from '../../../shared/domain/checks';
import { displayDomain } from '../../../shared/domain/email-domain';
import { DUE_WINDOW_HELP, describeDueWindow, parseDueWindow } from '../../../shared/domain/due-window';
import { RENEWAL_STATUSES } from '../../../shared/domain/renewal-status';
import { toIsoDate, utcDateOf } from '../../../shared/domain/dates';
import { parse } from '../args';
import { UsageError, type CliCommand } from '../cli-types';
import { MAIL_LAB_FLAGS, MAIL_LAB_HELP, parseMailLabFlags } from '../mail-lab-flags';
import { followProgress } from '../progress';
import { BATCH_RENEWAL_SCHEMA, type BatchClientResult, type BatchRenewalReport } from '../../../shared/contract/renewal';

export const renew: CliCommand = {
  name: 'renew',
  summary: 'Batch renewal run: re-check the mail domains of every client due within a period, and show what changed and what blocks',
  usage: `dcb1596 renew --due-within <period> [--json] [--dns-server HOST:PORT]… [--smtp-port N]

  --due-within  ${DUE_WINDOW_HELP}. A client is due when its accreditation
                expires by then (or already has), or — never accredited — when its current cycle's planned
                submission falls by then. Renewals already submitted and waiting on the NHS are left out.
  --json        Print the run as JSON: { schema: "${BATCH_RENEWAL_SCHEMA}", today, dueWithin, clients: [{ odsCode, status,
                due, expiresOn, daysLeft, cycle, domains: [{ domain, outcome, counts, changes }], blockers }], summary }
${MAIL_LAB_HELP}

Each check is stored for the client as a probe run (and evidence), exactly as when run from the app.
Lab options: --mta-sts-port N, --ca-file PEM (repeat).
Exit code 0 when the run completed, whatever it found (a domain that could not be checked is reported with
outcome "error"); 1 when it could not run; 2 for usage mistakes.`,
  async run(ctx, args) {
    const { values } = parse(args, {
      'due-within': { type: 'string' },
      json: { type: 'boolean' },
      ...MAIL_LAB_FLAGS,
    });
    const raw = values['due-within'];
    if (raw === undefined) throw new UsageError('Say how far ahead to look, for example: dcb1596 renew --due-within 90d');
    // Parse once against a placeholder date to reject bad input before opening the workspace.
    const syntax = parseDueWindow(raw, toIsoDate(new Date()));
    if (!syntax.ok) throw new UsageError(`--due-within ${syntax.error}`);
    const mailDomain = parseMailLabFlags(values);

    const backend = ctx.backend({ mailDomain });
    const report = await followProgress(backend, values.json ? undefined : (m) => ctx.io.err(m), (operationId) =>
      backend.call('portfolio.renew', { dueWithin: raw, operationId }),
    );
    const window = parseDueWindow(raw, report.today);
    if (!window.ok) throw new UsageError(`--due-within ${window.error}`);
    ctx.io.out(values.json ? JSON.stringify(report, null, 2) : toText(report, describeDueWindow(window.value)));
    return 0;
  },
};

const STATUS_WORD = { pass: 'pass', warn: 'warn', fail: 'FAIL', 'not-assessable': 'n/a' } as const;
const checkTitle = (id: string) => CHECKS[id as keyof typeof CHECKS]?.title ?? id;

function toText(r: BatchRenewalReport, period: string): string {
  const lines: string[] = [];
  if (r.clockWarning) lines.push(`Warning: ${r.clockWarning}`, '');
  if (r.clients.length === 0) {
    lines.push(`No client is due for renewal within ${period} (by ${r.dueWithin.until}).`);
    return lines.join('\n');
  }
  lines.push(`Renewals due within ${period} (by ${r.dueWithin.until}), checked ${r.today}:`, '');
  for (const c of r.clients) lines.push(...clientText(c), '');
  const sm = r.summary;
  lines.push(
    `${sm.clientsDue} client${sm.clientsDue === 1 ? '' : 's'} due; ${sm.domainsChecked} domain${sm.domainsChecked === 1 ? '' : 's'} checked` +
      (sm.domainsFailed ? `, ${sm.domainsFailed} could not be checked` : '') +
      `; ${sm.clientsWithChanges} with changed checks; ${sm.clientsBlocked} blocked.`,
  );
  return lines.join('\n');
}

function clientText(c: BatchClientResult): string[] {
  const when =
    c.due === 'submission-due'
      ? `first accreditation, submission planned ${c.cycle?.plannedSubmissionDate}`
      : c.due === 'expired'
        ? `expired ${c.expiresOn} (${-(c.daysLeft ?? 0)} days ago)`
        : `expires ${c.expiresOn} (${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'})`;
  const out = [
    `${c.legalName} (${c.odsCode})${c.sample ? ' [sample]' : ''} — ${RENEWAL_STATUSES[c.status]}, ${when}`,
    !c.cycle
      ? '  No assessment yet'
      : c.cycle.status === 'signed'
        ? `  ${c.cycle.cycle} assessment: signed`
        : `  ${c.cycle.cycle} assessment: ${c.cycle.status}, ${c.cycle.readinessPercent}% answered`,
  ];
  for (const d of c.domains) {
    if (d.outcome === 'error') {
      out.push(`  ${displayDomain(d.domain)}: could not be checked — ${d.error}`);
      continue;
    }
    if (d.outcome === 'sample') {
      out.push(`  ${displayDomain(d.domain)}: not checked — ${d.error}`);
      continue;
    }
    const n = d.counts!;
    out.push(
      `  ${displayDomain(d.domain)}: ${n.pass} pass, ${n.warn} warn, ${n.fail} fail${n.notAssessable ? `, ${n.notAssessable} not assessable` : ''}` +
        (d.previousRunAt
          ? d.changes.length
            ? ` — changed since ${utcDateOf(d.previousRunAt)}:`
            : ` — no change since ${utcDateOf(d.previousRunAt)}`
          : ' — first check'),
    );
    for (const ch of d.changes) {
      const move = `${ch.from ? STATUS_WORD[ch.from] : 'not run'} → ${ch.to ? STATUS_WORD[ch.to] : 'not run'}`;
      const facts =
        ch.from === ch.to
          ? ch.data
              .map((x) => (isStructure(x.from) || isStructure(x.to) ? `${x.key} changed` : `${x.key}: ${fmt(x.from)} → ${fmt(x.to)}`))
              .join(', ')
          : '';
      const where = ch.target && ch.target !== d.domain ? ` (${ch.target})` : '';
      out.push(`      ${checkTitle(ch.check)}${where}: ${ch.from === ch.to ? facts : move}${ch.summary ? ` — ${ch.summary}` : ''}`);
    }
  }
  if (c.blockers.length === 0) out.push('  Nothing blocks the renewal.');
  else {
    out.push(`  Blocks renewal (${c.blockers.length}):`);
    // Unanswered requirements are one line, not one each: the rest is what needs a decision.
    const unanswered = c.blockers.filter((b) => b.kind === 'unanswered');
    const rest = c.blockers.filter((b) => b.kind !== 'unanswered');
    if (unanswered.length > 1) {
      const ids = unanswered.flatMap((b) => b.requirementIds);
      out.push(`    - ${unanswered.length} requirements have no answer yet (${ids.slice(0, 6).join(', ')}${ids.length > 6 ? ', …' : ''})`);
    } else rest.unshift(...unanswered);
    for (const b of rest.slice(0, 10)) out.push(`    - ${b.message}`);
    if (rest.length > 10) out.push(`    … and ${rest.length - 10} more (see --json or the app)`);
  }
  return out;
}

const isStructure = (v: unknown) => typeof v === 'object' && v !== null;

// Facts in the terminal: scalars as they are, structures only as "changed" (the JSON has them whole).
const fmt = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? '…' : String(v).slice(0, 60));
