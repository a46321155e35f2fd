import { parse } from '../args';
import type { CliCommand } from '../cli-types';

export const auditVerify: CliCommand = {
  name: 'audit verify',
  summary: 'Check the hash-chained audit log; name each damaged entry and why',
  usage: `dcb1596 audit verify [<client>] [--json]

  <client>  Check only this client's chain (ODS code, ID or name); by default every chain is checked
  --json    Print the result as JSON

  Exit code 0 when every chain verifies, 1 when an entry was edited, removed or reordered.`,
  async run(ctx, args) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } }, 1);
    const backend = ctx.backend();
    const client = positionals[0] ? await backend.call('client.find', { ref: positionals[0] }) : undefined;
    const r = await backend.call('audit.verify', { clientId: client?.id });
    if (values.json) {
      ctx.io.out(JSON.stringify(r, null, 2));
      return r.ok ? 0 : 1;
    }
    const scope = client ? `${client.legalName}'s audit log` : 'The audit log';
    if (r.ok) {
      ctx.io.out(
        `${scope} is intact: ${r.entriesChecked} entries in ${r.chainsChecked} ${r.chainsChecked === 1 ? 'chain' : 'chains'} verified.`,
      );
      return 0;
    }
    ctx.io.err(
      `${scope} is damaged: ${r.problems.length} ${r.problems.length === 1 ? 'problem' : 'problems'} in ${r.entriesChecked} entries.`,
    );
    for (const p of r.problems) ctx.io.err(`  chain ${p.chain}${p.n !== undefined ? `, entry ${p.n}` : ''}: ${p.problem}`);
    return 1;
  },
};
