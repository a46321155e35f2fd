import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../backend/app-error';
import { formatBytes } from '../../../shared/domain/bytes';
import { parse } from '../args';
import { UsageError, type CliCommand } from '../cli-types';

export const workspaceBackup: CliCommand = {
  name: 'workspace backup',
  summary: 'Back up the whole workspace (database and evidence) to one file',
  usage: `dcb1596 workspace backup --out <file.zip> [--force] [--json]

  --out    Where to write the backup (a .zip file)
  --force  Replace the file if it already exists
  --json   Print the backup's manifest summary as JSON

  The backup holds every client, assessment, audit entry and evidence file, with a SHA-256 for each.
  Sign-ins are not included: they are encrypted for this computer; sign in again on the new one.`,
  async run(ctx, args) {
    const { values } = parse(args, { out: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } });
    if (!values.out) throw new UsageError('Missing --out <file.zip>.');
    const target = resolve(values.out);
    if (existsSync(target) && !values.force)
      throw new AppError('conflict', `${target} already exists. Choose another name, or add --force to replace it.`);
    const r = await ctx.backend().host.backupTo(target);
    const m = r.manifest;
    if (values.json) {
      ctx.io.out(
        JSON.stringify(
          {
            file: target,
            size: r.size,
            createdAt: m.createdAt,
            schemaVersion: m.schemaVersion,
            ...m.counts,
            files: m.files.length,
            warnings: r.warnings,
          },
          null,
          2,
        ),
      );
    } else {
      ctx.io.out(
        `Backed up ${m.counts.clients} ${m.counts.clients === 1 ? 'client' : 'clients'}, ${m.counts.assessments} ${m.counts.assessments === 1 ? 'assessment' : 'assessments'} and ${m.counts.evidenceFiles} evidence ${m.counts.evidenceFiles === 1 ? 'file' : 'files'} to ${target} (${formatBytes(r.size)}).`,
      );
      for (const w of r.warnings) ctx.io.err(`Warning: ${w}`);
      ctx.io.out('Sign-ins are not part of a backup: sign in again on the computer you restore it to.');
    }
    return 0;
  },
};

export const workspaceRestore: CliCommand = {
  name: 'workspace restore',
  summary: 'Restore a workspace backup into an empty workspace',
  usage: `dcb1596 workspace restore <file.zip> [--data-dir <folder>] [--json]

  Every file is checked against the backup's SHA-256 manifest before anything changes. The target workspace
  must be empty (no clients, no assessments): a backup never merges into existing work. To keep an existing
  workspace, restore into a new folder with --data-dir and start the app with DCB_DATA_DIR set to it.

  --json  Print the result as JSON`,
  async run(ctx, args) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } }, 1);
    if (!positionals[0]) throw new UsageError('Name the backup file to restore.');
    const file = resolve(positionals[0]);
    if (!existsSync(file) || !statSync(file).isFile()) throw new AppError('not-found', `${file} was not found.`);
    const backend = ctx.backend();
    const r = await backend.host.restoreFrom(file);
    if (values.json) ctx.io.out(JSON.stringify({ ...r, dataDir: backend.host.dataDir }, null, 2));
    else {
      ctx.io.out(
        [
          `Restored ${r.clients} ${r.clients === 1 ? 'client' : 'clients'}, ${r.assessments} ${r.assessments === 1 ? 'assessment' : 'assessments'} and ${r.evidenceFiles} evidence ${r.evidenceFiles === 1 ? 'file' : 'files'} into ${backend.host.dataDir}.`,
          `  ${r.filesVerified} ${r.filesVerified === 1 ? 'file' : 'files'} (${formatBytes(r.bytesVerified)}) matched the backup's SHA-256 manifest.`,
          `  Audit trail: ${r.audit.ok ? `${r.audit.entriesChecked} entries verified` : `${r.audit.problems} problems (see warnings)`}.`,
          r.schemaVersion !== r.backupSchemaVersion
            ? `  The database was upgraded from schema ${r.backupSchemaVersion} to ${r.schemaVersion}.`
            : '',
          '  Sign in again before the next tenant probe: sign-ins are not part of a backup.',
        ]
          .filter(Boolean)
          .join('\n'),
      );
      for (const w of r.warnings) ctx.io.err(`Warning: ${w}`);
    }
    return 0;
  },
};
