import { basename } from 'node:path';
import type { Finding } from '../../../shared/contract/findings';
import { REASON_LABELS } from '../../../shared/contract/tenant';
import { checkRequirementMap } from '../../../shared/domain/catalogue/check-map';
import { CHECKS } from '../../../shared/domain/checks';
import type { Backend } from '../../backend/create-backend';
import type { SuppliedToken } from '../../backend/ports';
import { isTokenSafeBase } from '../../probes/graph/clouds';
import { parse, table } from '../args';
import { UsageError, type CliCommand, type CliContext } from '../cli-types';

export const probeTenant: CliCommand = {
  name: 'probe tenant',
  summary: "Probe a client's Microsoft 365 tenant (Graph and Exchange Online) and store the findings as evidence",
  usage: `dcb1596 probe tenant <client> [--device-code] [--no-exchange] [--exchange-json <file>] [--json]
       dcb1596 probe tenant <client> --reevaluate <run id> [--json]
       dcb1596 probe tenant --tenant <id|domain> --token-env VAR [--graph-url URL] [--exchange-url URL] [--json]

  <client>              The client (ODS code, ID or name); its tenant must be on the client record
  --tenant              Or name the tenant (GUID or contoso.onmicrosoft.com) of an existing client
  --device-code         Sign in with a device code instead of the browser (hardened tenants may refuse it)
  --no-exchange         Do not read Exchange Online. By default the probe reads it on the same sign-in
                        with the delegated Exchange.Manage permission, running only read-only Get-* cmdlets.
                        Where the customer's admin refused that consent, the Exchange checks say so and
                        point to the PowerShell script (import its output with --exchange-json).
  --exchange-json FILE  Import the output of resources/exchange/Collect-DCB1596ExchangeFacts.ps1. On its own
                        (no sign-in options) it is evaluated with the client's latest Graph probe.
  --reevaluate RUN      Re-run today's rules over a stored probe's evidence, offline (no sign-in)
  --json                Print { tenantId, collectedAt, runId, source, findings: [{ check, status, reason?,
                        requirement?, summary, detail }] }

Automation:
  --token-env VAR           Use the Microsoft Graph access token in environment variable VAR (no sign-in).
  --exchange-token-env VAR  The Exchange Online token (defaults to the Graph token).

Test and lab only (with --token-env): --graph-url URL, --exchange-url URL point the probe at another endpoint,
such as the fake Microsoft 365 the tests run (https, or http on 127.0.0.1).

Sign-ins from the command line are kept in memory only and end with the command.
Exit code 0 when the probe completed (whatever it found); 1 when it could not run; 2 for usage mistakes.`,
  async run(ctx, args) {
    const { values, positionals } = parse(
      args,
      {
        tenant: { type: 'string' },
        'device-code': { type: 'boolean' },
        'no-exchange': { type: 'boolean' },
        // Accepted for old scripts: Exchange is read by default now.
        'exchange-rest': { type: 'boolean' },
        'exchange-json': { type: 'string' },
        reevaluate: { type: 'string' },
        'token-env': { type: 'string' },
        'exchange-token-env': { type: 'string' },
        'graph-url': { type: 'string' },
        'exchange-url': { type: 'string' },
        json: { type: 'boolean' },
      },
      1,
    );
    if (!positionals[0] && !values.tenant) throw new UsageError('Name the client (ODS code, ID or name), or its tenant with --tenant.');
    if ((values['graph-url'] || values['exchange-url']) && !values['token-env'])
      throw new UsageError('--graph-url and --exchange-url need --token-env.');
    for (const flag of ['graph-url', 'exchange-url'] as const) {
      const u = values[flag];
      if (u && !isTokenSafeBase(u)) throw new UsageError(`--${flag} must be https (or http on 127.0.0.1 for a lab): ${u}`);
    }
    const tokenVar = values['token-env'];
    const backend = ctx.backend(tokenVar ? { tenant: { suppliedToken: suppliedToken(tokenVar, values) } } : undefined);
    const client = await findClient(backend, positionals[0], values.tenant);
    const json = !!values.json;
    // Which requirement each check informs, from the active catalogue (the one map the checklist uses).
    const requirements = checkRequirementMap(await backend.call('catalogue.get', {}), 'o365');

    if (values.reevaluate) {
      const result = await backend.call('tenant.reevaluate', { runId: values.reevaluate, save: false });
      const ev = await backend.call('tenant.evidence', { runId: values.reevaluate });
      const runs = await backend.call('probe.runs', { clientId: client.id, kind: 'tenant', limit: 500 });
      const run = runs.find((r) => r.id === values.reevaluate);
      if (!run) throw new UsageError(`Run ${values.reevaluate} belongs to another client.`);
      print(ctx, json, requirements, {
        tenantId: ev.tenantId,
        collectedAt: ev.collectedAt,
        runId: run.id,
        source: `${run.source} (re-evaluated)`,
        findings: result.findings,
      });
      return 0;
    }

    if (values['no-exchange'] && values['exchange-rest']) throw new UsageError('--no-exchange and --exchange-rest contradict each other.');
    const importOnly = !!values['exchange-json'] && !tokenVar && !values['device-code'] && !values['exchange-rest'];
    // With a script import in the same command, the import supplies Exchange; the live read is skipped.
    const readExchange = !values['no-exchange'] && !values['exchange-json'];
    if (!importOnly) {
      if (!tokenVar) await signIn(ctx, backend, client.id, values['device-code'] ? 'device-code' : 'browser', readExchange);
      if (!json) ctx.io.err(`Probing the Microsoft 365 tenant of ${client.legalName}…`);
      const r = await backend.call('tenant.probe.run', { clientId: client.id, exchange: readExchange ? 'rest' : 'none' });
      if (!values['exchange-json']) {
        print(ctx, json, requirements, {
          tenantId: r.tenantId,
          collectedAt: r.run.startedAt,
          runId: r.run.id,
          source: r.run.source,
          findings: r.run.findings,
          sha256: r.run.snapshot?.sha256,
        });
        return 0;
      }
    }
    const file = values['exchange-json']!;
    const up = await backend.host.receiveLocalFile(file, basename(file));
    const r = await backend.call('tenant.exchange.import', { clientId: client.id, uploadId: up.uploadId });
    const ev = await backend.call('tenant.evidence', { runId: r.run.id });
    print(ctx, json, requirements, {
      tenantId: r.tenantId,
      collectedAt: ev.collectedAt,
      runId: r.run.id,
      source: r.run.source,
      findings: r.run.findings,
      sha256: r.run.snapshot?.sha256,
    });
    return 0;
  },
};

// --token-env: the token (and the lab's endpoints) the backend uses instead of a sign-in.
function suppliedToken(
  tokenVar: string,
  values: { 'exchange-token-env'?: string; 'graph-url'?: string; 'exchange-url'?: string },
): SuppliedToken {
  const token = process.env[tokenVar];
  if (!token) throw new UsageError(`Environment variable ${tokenVar} is empty or not set.`);
  const exchangeVar = values['exchange-token-env'];
  const exchangeToken = exchangeVar ? process.env[exchangeVar] : undefined;
  if (exchangeVar && !exchangeToken) throw new UsageError(`Environment variable ${exchangeVar} is empty or not set.`);
  return {
    token,
    ...(exchangeToken ? { exchangeToken } : {}),
    ...(values['graph-url'] ? { graphBaseUrl: values['graph-url'] } : {}),
    ...(values['exchange-url'] ? { exchangeBaseUrl: values['exchange-url'] } : {}),
  };
}

async function findClient(backend: Backend, ref: string | undefined, tenant: string | undefined) {
  if (ref) return backend.call('client.find', { ref });
  const t = tenant!.trim().toLowerCase();
  const clients = await Promise.all(
    (await backend.call('client.list', { includeArchived: false })).map((c) => backend.call('client.get', { id: c.id })),
  );
  const match = clients.find((c) => c.tenant?.toLowerCase() === t);
  if (!match) throw new UsageError(`No client has tenant ${tenant}. Add it to a client first: dcb1596 clients add … --tenant ${tenant}`);
  return match;
}

async function signIn(ctx: CliContext, backend: Backend, clientId: string, method: 'browser' | 'device-code', includeExchange: boolean) {
  const status = await backend.call('tenant.signIn.start', { clientId, method, includeExchange });
  if (status.pending?.deviceCode) ctx.io.err(status.pending.deviceCode.message);
  else if (status.pending?.browserUrl)
    ctx.io.err(`Open this link in a browser to sign in (waiting for you):\n${status.pending.browserUrl}`);
  else if (status.lastError) throw new UsageError(status.lastError);
  const who = await backend.host.awaitSignIn(clientId);
  ctx.io.err(`Signed in as ${who.username} (tenant ${who.tenantId}).`);
}

interface Report {
  tenantId: string;
  collectedAt: string;
  runId: string;
  source: string;
  findings: Finding[];
  sha256?: string;
}

function print(ctx: CliContext, json: boolean, requirements: Record<string, string[]>, r: Report) {
  if (json) {
    ctx.io.out(
      JSON.stringify(
        {
          tenantId: r.tenantId,
          collectedAt: r.collectedAt,
          runId: r.runId,
          source: r.source,
          findings: r.findings.map((f) => ({
            check: f.check,
            status: f.status,
            ...(f.reason ? { reason: f.reason } : {}),
            ...(requirements[f.check]?.length ? { requirement: requirements[f.check]![0], requirements: requirements[f.check] } : {}),
            summary: f.summary,
            detail: f.detail ?? '',
            ...(f.remediation ? { remediation: f.remediation } : {}),
          })),
        },
        null,
        2,
      ),
    );
    return;
  }
  const label = (f: Finding) => (f.status === 'not-assessable' ? `n/a (${REASON_LABELS[f.reason!].toLowerCase()})` : f.status);
  ctx.io.out(
    [
      `Tenant ${r.tenantId} — evidence collected ${r.collectedAt.replace('T', ' ').slice(0, 16)} UTC (${r.source})`,
      '',
      table(
        ['Check', 'Result', 'Finding'],
        r.findings.map((f) => [CHECKS[f.check as keyof typeof CHECKS]?.title ?? f.check, label(f), f.summary]),
      ),
      '',
      `Run ${r.runId}${r.sha256 ? `; evidence snapshot sha256 ${r.sha256}` : ''}`,
    ].join('\n'),
  );
}
