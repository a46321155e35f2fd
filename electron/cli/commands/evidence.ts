import { access, constants, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { EVIDENCE_KINDS, EVIDENCE_KIND_IDS, type EvidenceKind } from '../../../shared/domain/evidence-kinds';
import { FRESHNESS_LABELS } from '../../../shared/domain/freshness';
import { SNIFFED_TYPE_LABELS } from '../../../shared/contract/evidence';
import { invalid } from '../../backend/app-error';
import { formatBytes } from '../../../shared/domain/bytes';
import { parse, table } from '../args';
import { UsageError, type CliCommand } from '../cli-types';

const KIND_HELP = EVIDENCE_KIND_IDS.map((k) => `                  ${k.padEnd(22)} ${EVIDENCE_KINDS[k]}`).join('\n');
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateOption(name: string, v: string | undefined): string | undefined {
  if (v !== undefined && !DATE.test(v)) throw new UsageError(`--${name} must be a date like 2026-12-31.`);
  return v;
}

// The file is read by this process (the CLI is the user's own shell), streamed into the transfer store and
// imported exactly as an upload from the app would be.
async function readableFile(path: string): Promise<void> {
  let s;
  try {
    s = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw invalid(code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path} (${code ?? 'error'}).`);
  }
  if (!s.isFile()) throw invalid(`${path} is not a regular file.`);
  try {
    await access(path, constants.R_OK);
  } catch {
    throw invalid(`Cannot read ${path}: permission denied.`);
  }
}

export const evidenceAdd: CliCommand = {
  name: 'evidence add',
  summary: "Add a file to a client's evidence library",
  usage: `dcb1596 evidence add <client> <file> --kind <kind> [--title <title>] [--issued YYYY-MM-DD] [--expires YYYY-MM-DD]
                    [--collected YYYY-MM-DD] [--doc-version <v>] [--approved-by <role>] [--approval-date YYYY-MM-DD]
                    [--owner <name>] [--json]

  <client>        ODS code, ID or an unambiguous part of the name
  <file>          The document, screenshot or export to add (its name is kept as metadata only)
  --kind          One of:
${KIND_HELP}
  --title         Title shown in the library (default: the file name)
  --issued        Date on the document (pen tests and certificates count for 12 months from it)
  --expires       Expiry or review date: the last day it counts
  --collected     When it reflected reality (default: today)
  --doc-version   Document version, e.g. 3.1
  --approved-by   Who approved it (role)
  --approval-date When it was approved
  --owner         Who keeps it up to date
  --json          Print the stored item as JSON`,
  async run(ctx, args) {
    const { values, positionals } = parse(
      args,
      {
        kind: { type: 'string' },
        title: { type: 'string' },
        issued: { type: 'string' },
        expires: { type: 'string' },
        collected: { type: 'string' },
        'doc-version': { type: 'string' },
        'approved-by': { type: 'string' },
        'approval-date': { type: 'string' },
        owner: { type: 'string' },
        json: { type: 'boolean' },
      },
      2,
    );
    const [clientRef, file] = positionals;
    if (!clientRef || !file) throw new UsageError('Name the client and the file.');
    if (!values.kind) throw new UsageError('Missing --kind.');
    if (!(EVIDENCE_KIND_IDS as string[]).includes(values.kind))
      throw new UsageError(`--kind must be one of: ${EVIDENCE_KIND_IDS.join(', ')}.`);
    const issueDate = dateOption('issued', values.issued);
    const expiryDate = dateOption('expires', values.expires);
    const collectedAt = dateOption('collected', values.collected);
    const approvalDate = dateOption('approval-date', values['approval-date']);
    await readableFile(file);
    const backend = ctx.backend();
    const client = await backend.call('client.find', { ref: clientRef });
    const name = basename(file);
    const upload = await backend.host.receiveLocalFile(file, name);
    const e = await backend.call('evidence.import', {
      clientId: client.id,
      uploadId: upload.uploadId,
      title: values.title ?? name.replace(/\.[A-Za-z0-9]{1,5}$/, ''),
      kind: values.kind as EvidenceKind,
      issueDate,
      expiryDate,
      collectedAt,
      approvalDate,
      documentVersion: values['doc-version'],
      approvedBy: values['approved-by'],
      owner: values.owner,
    });
    if (values.json) {
      ctx.io.out(JSON.stringify(e, null, 2));
      return 0;
    }
    const v = e.current;
    ctx.io.out(
      [
        `Added “${e.title}” (${EVIDENCE_KINDS[e.kind]}) to ${client.legalName}`,
        `  File       ${v.originalName}, ${formatBytes(v.size)}, ${SNIFFED_TYPE_LABELS[v.sniffedType]}`,
        `  SHA-256    ${v.sha256}`,
        `  Freshness  ${FRESHNESS_LABELS[e.freshness.freshness]} today — ${e.freshness.reason}`,
      ].join('\n'),
    );
    if (v.extensionMismatch)
      ctx.io.err(
        `Warning: “${v.originalName}” is named like another kind of file but its content is a ${SNIFFED_TYPE_LABELS[v.sniffedType]}.`,
      );
    return 0;
  },
};

export const evidenceList: CliCommand = {
  name: 'evidence list',
  summary: "List a client's evidence with its freshness today",
  usage: `dcb1596 evidence list <client> [--kind <kind>] [--json]`,
  async run(ctx, args) {
    const { values, positionals } = parse(args, { kind: { type: 'string' }, json: { type: 'boolean' } }, 1);
    if (!positionals[0]) throw new UsageError('Name the client by ODS code, ID or name.');
    if (values.kind && !(EVIDENCE_KIND_IDS as string[]).includes(values.kind))
      throw new UsageError(`--kind must be one of: ${EVIDENCE_KIND_IDS.join(', ')}.`);
    const backend = ctx.backend();
    const client = await backend.call('client.find', { ref: positionals[0] });
    const list = await backend.call('evidence.list', { clientId: client.id, kind: values.kind as EvidenceKind | undefined });
    if (values.json) {
      ctx.io.out(JSON.stringify(list, null, 2));
      return 0;
    }
    if (list.length === 0) {
      ctx.io.out(`No evidence for ${client.legalName} yet. Add some with: dcb1596 evidence add --help`);
      return 0;
    }
    ctx.io.out(
      table(
        ['Title', 'Kind', 'Version', 'Freshness', 'Until', 'Supports'],
        list.map((e) => [
          e.title,
          e.kind,
          `v${e.current.version}`,
          FRESHNESS_LABELS[e.freshness.freshness],
          e.freshness.validUntil ?? '—',
          [...new Set(e.links.map((l) => `${l.cycle} ${l.requirementId}`))].join(', ') || '—',
        ]),
      ),
    );
    return 0;
  },
};

export const evidenceVerify: CliCommand = {
  name: 'evidence verify',
  summary: 'Re-hash every stored evidence file of a client (exit code 1 if any is missing or altered)',
  usage: `dcb1596 evidence verify <client> [--json]`,
  async run(ctx, args) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } }, 1);
    if (!positionals[0]) throw new UsageError('Name the client by ODS code, ID or name.');
    const backend = ctx.backend();
    const client = await backend.call('client.find', { ref: positionals[0] });
    const report = await backend.call('evidence.verify', { clientId: client.id });
    if (values.json) ctx.io.out(JSON.stringify(report, null, 2));
    else if (report.ok)
      ctx.io.out(
        `All ${report.checkedFiles} stored evidence files of ${client.legalName} are intact (${formatBytes(report.checkedBytes)}).`,
      );
    else {
      ctx.io.out(`${report.problems.length} evidence file version(s) of ${client.legalName} are missing or altered:`);
      for (const p of report.problems)
        ctx.io.out(`  ${p.message}${p.requirementIds.length ? ` Supports ${p.requirementIds.join(', ')}.` : ''}`);
    }
    return report.ok ? 0 : 1;
  },
};
