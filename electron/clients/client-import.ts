import { readFile, stat } from 'node:fs/promises';
import type { z } from 'zod';
import {
  IMPORT_FIELDS,
  MAX_IMPORT_BYTES,
  type ImportField,
  type ImportPreview,
  type ImportResult,
  type ImportRow,
} from '../../shared/contract/client-import';
import { ClientInput, type ClientFields, type Route } from '../../shared/contract/clients';
import { conflict, invalid } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { ClientsService } from './clients-service';
import type { Db } from '../store/database';
import { formatBytes } from '../../shared/domain/bytes';
import { WORKSPACE_CHAIN, appendAudit } from '../store/audit-log';
import { UnreadableCsv, parseClientCsv, parseRoute, splitList, type CsvRecord, type ParsedClientCsv } from './client-import-csv';
import { ClientRepo } from './client-repo';

// Bulk client import: each CSV row becomes a ClientInput validated by the contract's own schema, then checked
// against the workspace's ODS codes and the file's other rows. Accepted rows are created in batches
// through the clients service (each audited as a normal creation); rejected rows come back with reasons.

export interface ImportOptions {
  fileName: string;
  defaultRoute?: Route;
}

interface Judged {
  report: ImportRow;
  fields?: ClientFields;
}

// A batch of clients takes well under a second to write; SQLite's busy handler polls about every 100 ms once
// it has waited a while, so a slightly longer pause lets a waiting writer in.
const IMPORT_BATCH_ROWS = 250;
const IMPORT_BATCH_PAUSE_MS = 120;

const ROUTE_HINT = 'use Microsoft 365, Google Workspace or self-managed';

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface ClientImportDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly clients: Pick<ClientsService, 'create'>;
}

export class ClientImportService {
  constructor(private readonly s: ClientImportDeps) {}

  async readFile(path: string): Promise<Buffer> {
    const size = (await stat(path)).size;
    if (size > MAX_IMPORT_BYTES)
      throw invalid(
        `The file is ${formatBytes(size)}; a client list can be at most ${formatBytes(MAX_IMPORT_BYTES)}. Nothing was imported.`,
      );
    return readFile(path);
  }

  preview(bytes: Uint8Array, opts: ImportOptions): ImportPreview {
    const csv = this.parse(bytes, opts);
    return summarise(csv, opts, this.judge(csv, opts));
  }

  // Written in batches, each its own transaction, with a pause between them: another writer (the command
  // line, a second window) waits at most one batch instead of the whole file. Each batch re-checks its ODS
  // codes, so a client another writer added meanwhile is reported, not duplicated.
  async import(bytes: Uint8Array, opts: ImportOptions & { expectRows?: number[] }): Promise<ImportResult> {
    const csv = this.parse(bytes, opts);
    const db = this.s.db;
    const judged = this.judge(csv, opts);
    const accepted = judged.filter((j) => j.fields);
    if (opts.expectRows) {
      const now = accepted.map((j) => j.report.row).join(',');
      if (now !== [...opts.expectRows].sort((a, b) => a - b).join(','))
        throw conflict(
          'The workspace changed since the preview (another window or the command line added clients), so the rows that would be imported are different. Review the preview again. Nothing was imported.',
        );
    }
    const imported: ImportResult['imported'] = [];
    const clients = new ClientRepo(db);
    for (let i = 0; i < accepted.length; i += IMPORT_BATCH_ROWS) {
      if (i > 0) await new Promise((r) => setTimeout(r, IMPORT_BATCH_PAUSE_MS));
      db.transaction(() => {
        for (const j of accepted.slice(i, i + IMPORT_BATCH_ROWS)) {
          const owner = clients.withOdsCode(j.fields!.odsCode);
          if (owner) {
            j.report.status = 'rejected';
            j.report.reasons.push(`ODS code ${j.fields!.odsCode} was added to this workspace during the import (${owner.legal_name})`);
            delete j.fields;
            continue;
          }
          const c = this.s.clients.create(j.fields!);
          imported.push({ id: c.id, row: j.report.row, legalName: c.legalName, odsCode: c.odsCode });
        }
      })();
    }
    const rejected = judged.length - imported.length;
    if (imported.length > 0)
      db.transaction(() =>
        appendAudit(db, {
          chain: WORKSPACE_CHAIN,
          actor: this.s.actor(),
          at: this.s.clock.now().toISOString(),
          action: 'client.import',
          entityType: 'workspace',
          entityId: 'clients',
          summary: `Imported ${imported.length} ${imported.length === 1 ? 'client' : 'clients'} from ${opts.fileName}${rejected ? ` (${rejected} ${rejected === 1 ? 'row' : 'rows'} rejected)` : ''}`,
          changes: [{ field: 'clients', from: null, to: imported.map((i) => i.odsCode) }],
        }),
      )();
    return { ...summarise(csv, opts, judged), imported };
  }

  private parse(bytes: Uint8Array, opts: ImportOptions): ParsedClientCsv {
    let csv: ParsedClientCsv;
    try {
      csv = parseClientCsv(bytes);
    } catch (e) {
      if (e instanceof UnreadableCsv) throw invalid(`${opts.fileName}: ${e.message} Nothing was imported.`);
      throw e;
    }
    if (!csv.columns.some((c) => c.field === 'route') && !opts.defaultRoute)
      throw invalid(
        `${opts.fileName}: the file has no Route column. Add one (Microsoft 365, Google Workspace or self-managed for each client), or choose one route for every row. Nothing was imported.`,
      );
    return csv;
  }

  private judge(csv: ParsedClientCsv, opts: ImportOptions): Judged[] {
    const judged = csv.records.map((r) => judgeRow(r, opts.defaultRoute));
    // An ODS code on more than one row: none of them goes in, since we cannot know which is right.
    const rowsByOds = new Map<string, number[]>();
    for (const j of judged) if (j.fields) rowsByOds.set(j.fields.odsCode, [...(rowsByOds.get(j.fields.odsCode) ?? []), j.report.row]);
    const clients = new ClientRepo(this.s.db);
    for (const j of judged) {
      if (!j.fields) continue;
      const ods = j.fields.odsCode;
      const others = rowsByOds.get(ods)!.filter((n) => n !== j.report.row);
      if (others.length)
        j.report.reasons.push(
          `ODS code ${ods} is also on ${others.length === 1 ? 'row' : 'rows'} ${others.join(', ')}: each client needs its own ODS code (list a group's locations as sites)`,
        );
      const owner = clients.withOdsCode(ods);
      if (owner) j.report.reasons.push(`ODS code ${ods} is already in this workspace (${owner.legal_name})`);
      if (j.report.reasons.length) {
        j.report.status = 'rejected';
        delete j.fields;
      }
    }
    return judged;
  }
}

function summarise(csv: ParsedClientCsv, opts: ImportOptions, judged: Judged[]): ImportPreview {
  const rows = judged.map((j) => j.report);
  const accepted = rows.filter((r) => r.status === 'accepted').length;
  return {
    fileName: opts.fileName,
    encoding: csv.encoding,
    delimiter: csv.delimiter,
    headerRow: csv.headerRow,
    columns: csv.columns,
    rows,
    accepted,
    rejected: rows.length - accepted,
  };
}

// One row against the client form's own rules. Reasons name the column the user sees in their spreadsheet.
export function judgeRow(r: CsvRecord, defaultRoute?: Route): Judged {
  const c = r.cells;
  const reasons: string[] = [];
  let route: Route | undefined;
  if (c.route) {
    route = parseRoute(c.route);
    if (!route) reasons.push(`Route "${c.route}" is not recognised: ${ROUTE_HINT}`);
  } else if (defaultRoute) route = defaultRoute;
  else reasons.push(`Route is empty: ${ROUTE_HINT}`);

  let contact: { name: string; role?: string; email?: string; phone?: string } | undefined;
  if (c.contactName) contact = { name: c.contactName, role: c.contactRole, email: c.contactEmail, phone: c.contactPhone };
  else if (c.contactEmail || c.contactPhone || c.contactRole)
    reasons.push(`${IMPORT_FIELDS.contactName}: needed when a contact email, phone or role is given`);
  const input = {
    legalName: c.legalName ?? '',
    tradingName: c.tradingName,
    odsCode: c.odsCode ?? '',
    domains: splitList(c.domains),
    // Validated above; a placeholder keeps the schema's other checks running.
    route: route ?? 'o365',
    tenant: c.tenant,
    cqcLocationIds: splitList(c.cqcLocationIds),
    contacts: contact ? [contact] : [],
    notes: c.notes,
  };
  const parsed = ClientInput.safeParse(input);
  if (!parsed.success) reasons.push(...describeIssues(parsed.error.issues, input));
  const ok = parsed.success && reasons.length === 0;
  return {
    report: {
      row: r.row,
      status: ok ? 'accepted' : 'rejected',
      legalName: c.legalName,
      odsCode: parsed.success ? parsed.data.odsCode : c.odsCode,
      route,
      domains: parsed.success ? parsed.data.domains : input.domains,
      reasons,
    },
    ...(ok ? { fields: parsed.data } : {}),
  };
}

const CONTACT_FIELDS: Record<string, ImportField> = {
  name: 'contactName',
  role: 'contactRole',
  email: 'contactEmail',
  phone: 'contactPhone',
};

function describeIssues(issues: z.core.$ZodIssue[], input: { domains: string[]; cqcLocationIds: string[] }): string[] {
  const out: string[] = [];
  // Several bad entries in one list cell (often a sentence split at its spaces) make one reason, not one each.
  for (const list of ['domains', 'cqcLocationIds'] as const) {
    const items = issues.filter((i) => i.path[0] === list && typeof i.path[1] === 'number');
    if (items.length > 1) {
      const values = [...new Set(items.map((i) => input[list][i.path[1] as number]!))];
      out.push(
        `${IMPORT_FIELDS[list]}: ${values.map((v) => `"${v}"`).join(', ')} are not valid ${list === 'domains' ? 'domain names' : 'CQC location IDs'}`,
      );
      issues = issues.filter((i) => !items.includes(i));
    }
  }
  return [...issues.map((i) => describeIssue(i, input)), ...out];
}

function describeIssue(issue: z.core.$ZodIssue, input: { domains: string[]; cqcLocationIds: string[] }): string {
  const [top, index, sub] = issue.path;
  let field: ImportField | undefined;
  if (top === 'contacts') field = CONTACT_FIELDS[String(sub)];
  else if (typeof top === 'string' && top in IMPORT_FIELDS) field = top as ImportField;
  const label = field ? IMPORT_FIELDS[field] : String(top ?? 'Row');
  // Domain messages already quote the offending value; say which one for the others.
  const value = (top === 'domains' ? input.domains : top === 'cqcLocationIds' ? input.cqcLocationIds : [])[Number(index)];
  const quoted = value !== undefined && !issue.message.includes(`"${value}"`) ? ` ("${value}")` : '';
  return `${label}: ${issue.message}${quoted}`;
}
