import { parse } from '../args';
import { UsageError, type CliCommand } from '../cli-types';

export const needs: CliCommand = {
  name: 'needs',
  summary: 'What we still need from the client: missing documents, answers and evidence, as plain text to send',
  usage: `dcb1596 needs <client> [--cycle YYYY] [--json]

  <client>  The client (ODS code, ID or name)
  --cycle   The accreditation cycle (default: the client's latest)
  --json    Print the list as JSON: { clientName, cycle, plannedSubmissionDate, asOf, items: [{ requirementId,
            topic, asks: [{ kind, text }], required }], counts: { required, recommended }, text }

The same list as the checklist's "What we still need from you", from the same readiness model.
Exit code 0 whether or not anything is outstanding; 2 for usage mistakes.`,
  async run(ctx, args) {
    const { values, positionals } = parse(args, { cycle: { type: 'string' }, json: { type: 'boolean' } }, 1);
    if (!positionals[0]) throw new UsageError('Name the client, for example: dcb1596 needs VN3K7');
    const cycle = values.cycle === undefined ? undefined : Number(values.cycle);
    if (cycle !== undefined && !/^\d{4}$/.test(values.cycle ?? '')) throw new UsageError('--cycle takes a year, for example --cycle 2026');
    const backend = ctx.backend();
    const client = await backend.call('client.find', { ref: positionals[0] });
    let assessmentId: string | undefined;
    if (cycle !== undefined) {
      const a = (await backend.call('assessment.list', { clientId: client.id })).find((x) => x.cycle === cycle);
      if (!a) throw new UsageError(`${client.legalName} has no ${cycle} assessment`);
      assessmentId = a.id;
    }
    const r = await backend.call('assessment.clientNeeds', { clientId: client.id, assessmentId });
    ctx.io.out(values.json ? JSON.stringify(r, null, 2) : r.text);
    return 0;
  },
};
