import { basename } from 'node:path';
import type { OutputOf } from '../../../shared/contract';
import { DkimSelector, type DomainReport } from '../../../shared/contract/domain-checks';
import { displayDomain } from '../../../shared/domain/email-domain';
import { parse, table } from '../args';
import { UsageError, type CliCommand } from '../cli-types';
import { MAIL_LAB_FLAGS, MAIL_LAB_HELP, parseMailLabFlags } from '../mail-lab-flags';
import { followProgress } from '../progress';
import { AppError } from '../../backend/app-error';
import type { Backend } from '../../backend/create-backend';
import { probeOptionsFromSettings, type DomainLabOptions } from '../../mail-domain/probe-options';
import { toCliJson, toCliText } from '../domain-report';

export const probeDomain: CliCommand = {
  name: 'probe domain',
  summary: 'Check a mail domain: MX, SPF, DMARC, DKIM, MTA-STS, TLS-RPT, DNSSEC and STARTTLS on every MX',
  usage: `dcb1596 probe domain <domain> [--dns-server HOST:PORT]… [--smtp-port N] [--dkim-selector S]… [--client <ODS>] [--json]

${MAIL_LAB_HELP}
  --dkim-selector  A DKIM selector to look for besides the common ones; repeat for more
  --client         Also store the result as a probe run (evidence) for this client (ODS code, ID or name)
  --json           Print { domain, checkedAt, resolver, findings, transport } as JSON

Lab options: --mta-sts-port N (HTTPS port of the MTA-STS policy host), --ca-file PEM (an extra trusted CA; repeat).
Exit code 0 when the checks ran, whatever they found; 1 on errors; 2 for usage mistakes.`,
  async run(ctx, args) {
    const { values, positionals } = parse(
      args,
      {
        ...MAIL_LAB_FLAGS,
        'dkim-selector': { type: 'string', multiple: true },
        client: { type: 'string' },
        json: { type: 'boolean' },
      },
      1,
    );
    const domain = positionals[0];
    if (!domain) throw new UsageError('Name the domain to check, for example: dcb1596 probe domain carehome.co.uk');
    const selectors = (values['dkim-selector'] ?? []).map((s) => {
      const r = DkimSelector.safeParse(s);
      if (!r.success) throw new UsageError(`--dkim-selector ${s}: ${r.error.issues[0]?.message}`);
      return r.data;
    });
    const mailDomain = parseMailLabFlags(values);

    const backend = ctx.backend({ mailDomain });
    const client = values.client ? await backend.call('client.find', { ref: values.client }) : undefined;
    const onStep = values.json ? undefined : (step: string) => ctx.io.err(`… ${step}`);
    let report: DomainReport;
    if (client) {
      const checked = await checkForClient(backend, client.id, domain, selectors, onStep);
      report = checked.report;
      if (!client.domains.includes(report.domain)) {
        ctx.io.err(`Note: ${report.domain} is not one of ${client.legalName}'s domains; the run is stored for the client anyway.`);
      }
      if (!checked.runId) ctx.io.err(`Not stored for ${client.legalName}: ${report.network?.summary}.`);
    } else {
      report = await probeAlone(backend, mailDomain, domain, selectors, onStep);
    }
    ctx.io.out(values.json ? JSON.stringify(toCliJson(report), null, 2) : toCliText(report));
    return 0;
  },
};

// Through the backend, as the app checks: the client's lock, the run stored for the client, the probe's steps
// followed from its progress events.
async function checkForClient(
  backend: Backend,
  clientId: string,
  domain: string,
  dkimSelectors: string[],
  onStep: ((step: string) => void) | undefined,
): Promise<OutputOf<'domain.checkOne'>> {
  try {
    return await followProgress(backend, onStep, (operationId) =>
      backend.call('domain.checkOne', { clientId, domain, dkimSelectors, operationId }),
    );
  } catch (err) {
    // A name the probe cannot check is the user's typo: a usage mistake, as without --client.
    if (err instanceof AppError && err.code === 'invalid-input') throw new UsageError(err.message);
    throw err;
  }
}

// No client: nothing is stored and nothing locked, so the probe runs here, with the workspace's DNS and SMTP
// settings and the flags on top.
async function probeAlone(
  backend: Backend,
  routing: DomainLabOptions,
  domain: string,
  dkimSelectors: string[],
  onProgress: ((step: string) => void) | undefined,
): Promise<DomainReport> {
  // Loaded on use, like the service's: other commands do not evaluate the probes.
  const { DomainInputError, runDomainProbe } = await import('../../mail-domain/run-domain-probe');
  try {
    const options = probeOptionsFromSettings(await backend.call('settings.get', {}), routing);
    const result = await runDomainProbe(domain, { ...options, dkimSelectors, onProgress, now: () => backend.host.now() });
    return result.report;
  } catch (err) {
    if (err instanceof DomainInputError) throw new UsageError(err.message);
    throw err;
  }
}

export const accreditedImport: CliCommand = {
  name: 'accredited import',
  summary: "Import the NHS list of DCB1596-accredited domains (the CSV published as 'dcb1596_accredited_domains.xlsx')",
  usage: `dcb1596 accredited import <file> [--json]

  Download the list from the NHS secure email standard page, then import the file as it is: it is CSV even
  though its name ends in .xlsx, and non-UTF-8 bytes are read as Windows-1252.`,
  async run(ctx, args) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } }, 1);
    const file = positionals[0];
    if (!file) throw new UsageError('Name the file to import.');
    const backend = ctx.backend();
    const upload = await backend.host.receiveLocalFile(file, basename(file));
    const info = await backend.call('domain.accreditedList.import', { uploadId: upload.uploadId });
    ctx.io.out(
      values.json
        ? JSON.stringify(info, null, 2)
        : `Imported ${info.fileName}: ${info.domains} domain${info.domains === 1 ? '' : 's'} (${info.encoding}${info.skippedRows ? `, ${info.skippedRows} rows skipped` : ''}). SHA-256 ${info.sha256}`,
    );
    return 0;
  },
};

export const accreditedCheck: CliCommand = {
  name: 'accredited check',
  summary: 'Show whether domains are on the imported NHS accredited-domains list',
  usage: `dcb1596 accredited check <domain>… [--json]`,
  async run(ctx, args) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } }, 50);
    if (!positionals.length) throw new UsageError('Name at least one domain.');
    const backend = ctx.backend();
    const list = await backend.call('domain.accreditedList.status', {});
    const matches = await backend.call('domain.accreditedList.lookup', { domains: positionals });
    if (values.json) {
      ctx.io.out(JSON.stringify({ list, matches }, null, 2));
      return 0;
    }
    if (!list) {
      ctx.io.out('No accredited-domains list imported yet. Import one with: dcb1596 accredited import <file>');
      return 0;
    }
    ctx.io.out(`List ${list.fileName}, imported ${list.importedAt}`);
    ctx.io.out(
      table(
        ['Domain', 'Listed', 'Organisation (as listed)'],
        matches.map((m) => [
          displayDomain(m.domain),
          m.listed ? 'yes' : m.entries.length ? `parent ${m.entries[0]!.listedDomain}` : 'no',
          m.entries.map((e) => e.organisation).join('; '),
        ]),
      ),
    );
    return 0;
  },
};
