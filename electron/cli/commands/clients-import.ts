import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ImportPreview, ImportResult } from '../../../shared/contract/client-import';
import { Route } from '../../../shared/contract/clients';
import { AppError } from '../../backend/app-error';
import { parseRoute } from '../../clients/client-import-csv';
import { parse, table } from '../args';
import { UsageError, type CliCommand } from '../cli-types';

export const clientsImport: CliCommand = {
  name: 'clients import',
  summary: 'Import clients from a CSV file (validated row by row)',
  usage: `dcb1596 clients import <file.csv> [--dry-run] [--route o365|google|self-managed] [--json]

  The first row names the columns: Legal name and ODS code are required, plus Domains (several separated by
  ";" or spaces) and Route (Microsoft 365, Google Workspace, self-managed, or spellings such as "Office 365",
  "Google" or "Exchange"). Optional: Trading name, Tenant, CQC location IDs, Contact name, Contact email,
  Contact phone, Notes. UTF-8, Windows-1252 and Excel's CSV exports are all read.

  Valid rows are imported together; rows with problems are listed with their row number and reasons.
  Exit code 0 when the file was read (even if some rows were rejected), 1 when it could not be read.

  --dry-run  Check the file and show what would be imported, without importing
  --route    Route for rows whose Route cell is empty (or when the file has no Route column)
  --json     Print the report as JSON`,
  async run(ctx, args) {
    const { values, positionals } = parse(
      args,
      { 'dry-run': { type: 'boolean' }, route: { type: 'string' }, json: { type: 'boolean' } },
      1,
    );
    if (!positionals[0]) throw new UsageError('Name the CSV file to import.');
    let defaultRoute: Route | undefined;
    if (values.route) {
      defaultRoute = Route.safeParse(values.route).success ? (values.route as Route) : parseRoute(values.route);
      if (!defaultRoute) throw new UsageError(`--route must be one of: ${Route.options.join(', ')}.`);
    }
    const file = resolve(positionals[0]);
    if (!existsSync(file) || !statSync(file).isFile()) throw new AppError('not-found', `${file} was not found.`);
    const backend = ctx.backend();
    const { uploadId } = await backend.host.receiveLocalFile(file, basename(file));
    const report = values['dry-run']
      ? await backend.call('client.importPreview', { uploadId, defaultRoute })
      : await backend.call('client.import', { uploadId, defaultRoute });
    if (values.json) ctx.io.out(JSON.stringify({ dryRun: Boolean(values['dry-run']), ...report }, null, 2));
    else ctx.io.out(describe(report, Boolean(values['dry-run'])));
    return 0;
  },
};

function describe(r: ImportPreview | ImportResult, dryRun: boolean): string {
  const total = r.accepted + r.rejected;
  const lines = [
    dryRun
      ? `${r.fileName}: ${total} ${total === 1 ? 'row' : 'rows'} — ${r.accepted} would be imported, ${r.rejected} rejected (dry run: nothing imported).`
      : `${r.fileName}: ${total} ${total === 1 ? 'row' : 'rows'} — ${'imported' in r ? r.imported.length : 0} imported, ${r.rejected} rejected.`,
  ];
  const ignored = r.columns.filter((c) => !c.field && c.header).map((c) => `"${c.header}"`);
  if (ignored.length) lines.push(`Ignored ${ignored.length === 1 ? 'column' : 'columns'}: ${ignored.join(', ')}.`);
  const accepted = r.rows.filter((x) => x.status === 'accepted');
  if (accepted.length) {
    lines.push('', dryRun ? 'Would import:' : 'Imported:');
    lines.push(
      table(
        ['Row', 'ODS', 'Name', 'Route', 'Domains'],
        accepted.map((x) => [String(x.row), x.odsCode ?? '', x.legalName ?? '', x.route ?? '', x.domains.join(', ')]),
      ),
    );
  }
  const rejected = r.rows.filter((x) => x.status === 'rejected');
  if (rejected.length) {
    lines.push('', 'Rejected:');
    for (const x of rejected) {
      lines.push(`  Row ${x.row}  ${[x.legalName, x.odsCode && `(${x.odsCode})`].filter(Boolean).join(' ') || '(no name)'}`);
      for (const reason of x.reasons) lines.push(`    - ${reason}`);
    }
  }
  return lines.join('\n');
}
