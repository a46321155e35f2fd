import { parse } from 'csv-parse/sync';
import { IMPORT_FIELDS, MAX_IMPORT_ROWS, type ImportField, type ImportPreview } from '../../shared/contract/client-import';
import type { Route } from '../../shared/contract/clients';

// Reading a client list exported from whatever a firm keeps it in (Excel, a PSA tool, Google Sheets): any of
// UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252 bytes; comma, semicolon or tab separated;
// CRLF or LF; quoted fields with commas and line breaks; a title line or two above the header. Anything we
// cannot read as a client list is refused as a whole with a reason the user can act on.

export class UnreadableCsv extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableCsv';
  }
}

export type Encoding = ImportPreview['encoding'];
type Delimiter = ImportPreview['delimiter'];

export interface CsvRecord {
  row: number;
  cells: Partial<Record<ImportField, string>>;
}

export interface ParsedClientCsv {
  encoding: Encoding;
  delimiter: Delimiter;
  headerRow: number;
  columns: { header: string; field: ImportField | null }[];
  records: CsvRecord[];
}

// Header spellings, compared after lower-casing and dropping everything but letters and digits.
const ALIASES: Record<ImportField, string[]> = {
  legalName: [
    'legalname',
    'name',
    'organisation',
    'organization',
    'organisationname',
    'organizationname',
    'orgname',
    'registeredname',
    'company',
    'companyname',
    'client',
    'clientname',
    'provider',
    'providername',
    'careprovider',
  ],
  tradingName: ['tradingname', 'tradingas', 'knownas', 'brandname', 'ta'],
  odsCode: ['ods', 'odscode', 'odsid', 'odsorgcode', 'orgcode', 'organisationcode', 'organizationcode', 'nhsodscode'],
  domains: ['domain', 'domains', 'emaildomain', 'emaildomains', 'maildomain', 'maildomains', 'domainname', 'domainnames'],
  route: [
    'route',
    'platform',
    'emailplatform',
    'mailplatform',
    'emailservice',
    'emailsystem',
    'mailsystem',
    'emailprovider',
    'emailhost',
    'emailhosting',
  ],
  tenant: [
    'tenant',
    'tenantid',
    'tenantdomain',
    'm365tenant',
    'microsoft365tenant',
    'o365tenant',
    'office365tenant',
    'entratenant',
    'azuretenant',
  ],
  cqcLocationIds: ['cqc', 'cqcid', 'cqcids', 'cqclocation', 'cqclocations', 'cqclocationid', 'cqclocationids', 'locationid', 'locationids'],
  contactName: ['contact', 'contactname', 'maincontact', 'keycontact', 'primarycontact'],
  contactRole: ['contactrole', 'role', 'jobtitle', 'contactjobtitle', 'position'],
  contactEmail: ['contactemail', 'email', 'emailaddress', 'contactemailaddress'],
  contactPhone: ['contactphone', 'phone', 'telephone', 'tel', 'phonenumber', 'contactnumber', 'contacttelephone'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks'],
};

const FIELD_BY_ALIAS = new Map<string, ImportField>(
  (Object.entries(ALIASES) as [ImportField, string[]][]).flatMap(([field, names]) => names.map((n) => [n, field] as const)),
);

const squash = (s: string) =>
  s
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]/g, '');

export function fieldForHeader(header: string): ImportField | undefined {
  return FIELD_BY_ALIAS.get(squash(header));
}

// Route spellings people actually type. "Exchange Online" is Microsoft 365; plain "Exchange" means a server of
// the customer's own (on-premises or hybrid), which is the self-managed route.
const ROUTES: Record<string, Route> = Object.fromEntries([
  ...[
    'o365',
    'office365',
    'microsoft365',
    'microsoftoffice365',
    'm365',
    'ms365',
    'msoffice365',
    'microsoft',
    'exchangeonline',
    'exo',
    'outlook365',
    'microsoft365exchangeonline',
  ].map((k) => [k, 'o365' as const]),
  ...['google', 'googleworkspace', 'gsuite', 'gmail', 'googleapps', 'googlemail', 'workspace'].map((k) => [k, 'google' as const]),
  ...[
    'selfmanaged',
    'self',
    'selfhosted',
    'exchange',
    'exchangeserver',
    'exchangeonpremises',
    'exchangeonprem',
    'onpremises',
    'onprem',
    'hybrid',
    'exchangehybrid',
    'other',
  ].map((k) => [k, 'self-managed' as const]),
]);

export function parseRoute(raw: string): Route | undefined {
  return ROUTES[squash(raw)];
}

// Lists inside one cell: domains and CQC IDs separated by semicolons, commas, spaces or line breaks.
export function splitList(raw: string | undefined): string[] {
  if (!raw) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of raw.split(/[;,\s]+/)) {
    const v = part.trim();
    if (v && !seen.has(v.toLowerCase())) {
      seen.add(v.toLowerCase());
      out.push(v);
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------- decoding

function binaryKind(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04))
    return 'This looks like an Excel workbook (.xlsx) or another ZIP file, not a CSV. In Excel, use File › Save As › "CSV UTF-8 (Comma delimited)" and import that file.';
  if (starts(0xd0, 0xcf, 0x11, 0xe0))
    return 'This looks like an old Excel workbook (.xls), not a CSV. In Excel, use File › Save As › "CSV UTF-8 (Comma delimited)" and import that file.';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'This is a PDF, not a CSV file.';
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return 'This is not a text file (it contains binary data), so it cannot be a CSV client list.';
  return undefined;
}

// Per physical line: UTF-8 with non-ASCII characters, not UTF-8 at all, or holding a byte Windows-1252
// leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
function classifyLines(body: Uint8Array): { utf8: number[]; invalid: number[]; undefined1252: number[] } {
  const utf8: number[] = [];
  const invalid: number[] = [];
  const undefined1252: number[] = [];
  const strict = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start <= body.length; line++) {
    let end = body.indexOf(0x0a, start);
    if (end < 0) end = body.length;
    const bytes = body.subarray(start, end);
    if (bytes.some((b) => b >= 0x80)) {
      try {
        strict.decode(bytes);
        utf8.push(line);
      } catch {
        invalid.push(line);
        if (bytes.some((b) => b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d)) undefined1252.push(line);
      }
    }
    start = end + 1;
  }
  return { utf8, invalid, undefined1252 };
}

export function decodeCsv(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes.length === 0) throw new UnreadableCsv('The file is empty.');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const binary = binaryKind(bytes);
  if (binary) throw new UnreadableCsv(binary);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  let text: string;
  let encoding: Encoding = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    // Not UTF-8 throughout. Excel's plain "CSV (Comma delimited)" on Windows writes Windows-1252, where every
    // byte is a character; but a file whose lines disagree (some UTF-8, some not: two exports pasted together)
    // or that claims UTF-8 would turn into mojibake ("CafÃ© Ltd") without a word, so it is refused instead.
    const lines = classifyLines(body);
    const fmt = (rows: number[]) =>
      `${rows.length === 1 ? 'line' : 'lines'} ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ` and ${rows.length - 10} more` : ''}`;
    if (bom)
      throw new UnreadableCsv(
        `The file says it is UTF-8 but ${fmt(lines.invalid)} ${lines.invalid.length === 1 ? 'is' : 'are'} not valid UTF-8. Save it again as "CSV UTF-8" and import that.`,
      );
    if (lines.utf8.length > 0)
      throw new UnreadableCsv(
        `The file mixes two text encodings: ${fmt(lines.utf8)} ${lines.utf8.length === 1 ? 'is' : 'are'} UTF-8 but ${fmt(lines.invalid)} ${lines.invalid.length === 1 ? 'is' : 'are'} not (probably Windows-1252). Names would come out garbled, so nothing was read. Save the whole list again as "CSV UTF-8" and import that.`,
      );
    if (lines.undefined1252.length > 0)
      throw new UnreadableCsv(
        `${fmt(lines.undefined1252).replace(/^l/, 'L')} ${lines.undefined1252.length === 1 ? 'holds' : 'hold'} bytes that are neither UTF-8 nor Windows-1252 text. Save the list again as "CSV UTF-8" and import that.`,
      );
    text = new TextDecoder('windows-1252').decode(body);
    encoding = 'windows-1252';
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we look for
  const controls = (text.slice(0, 8192).match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g) ?? []).length;
  if (controls > 8) throw new UnreadableCsv('This is not a text file (it contains binary data), so it cannot be a CSV client list.');
  return { text, encoding };
}

// ------------------------------------------------------------------------------------------- parsing

const HEADER_SEARCH_ROWS = 10;
const NO_HEADER =
  'No header row naming a legal name and an ODS code column was found in the first rows. The first row should name the columns, for example: Legal name, ODS code, Domains, Route.';

function records(text: string, delimiter: Delimiter, toLine?: number): string[][] {
  return parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: true,
    max_record_size: 256 * 1024,
    ...(toLine ? { to_line: toLine } : {}),
  }) as string[][];
}

const blank = (r: string[]) => r.every((c) => c.trim() === '');

interface Header {
  index: number;
  columns: { header: string; field: ImportField | null }[];
}

// The header is the first of the first few non-blank rows that names both a legal name and an ODS code column
// (exports often start with a title line or two).
function findHeader(rows: string[][]): Header | undefined {
  let seen = 0;
  for (let i = 0; i < rows.length && seen < HEADER_SEARCH_ROWS; i++) {
    if (blank(rows[i]!)) continue;
    seen++;
    const columns = rows[i]!.map((h) => ({ header: h.trim(), field: fieldForHeader(h) ?? null }));
    const fields = new Set(columns.map((c) => c.field));
    if (fields.has('legalName') && fields.has('odsCode')) return { index: i, columns };
  }
  return undefined;
}

// The separator is whichever one makes a recognisable header: a comma file whose domain cells hold
// semicolons still reads as comma-separated, and a European Excel export (semicolons) reads as intended.
function chooseDelimiter(text: string): Delimiter {
  let firstError: unknown;
  for (const d of [',', ';', '\t'] as const) {
    try {
      if (findHeader(records(text, d, HEADER_SEARCH_ROWS * 4))) return d;
    } catch (e) {
      // A quote that does not close within the first lines under this separator: try the next one.
      firstError ??= e;
    }
  }
  throw new UnreadableCsv(firstError ? `The file could not be read as CSV: ${describeCsvError(firstError)}.` : NO_HEADER);
}

export function parseClientCsv(bytes: Uint8Array): ParsedClientCsv {
  const { text, encoding } = decodeCsv(bytes);
  if (text.trim() === '') throw new UnreadableCsv('The file is empty.');
  const delimiter = chooseDelimiter(text);
  let rows: string[][];
  try {
    rows = records(text, delimiter);
  } catch (e) {
    throw new UnreadableCsv(`The file could not be read as CSV: ${describeCsvError(e)}.`);
  }
  const header = findHeader(rows);
  if (!header) throw new UnreadableCsv(NO_HEADER);

  const byField = new Map<ImportField, number[]>();
  header.columns.forEach((c, i) => c.field && byField.set(c.field, [...(byField.get(c.field) ?? []), i]));
  for (const [field, cols] of byField) {
    if (cols.length > 1)
      throw new UnreadableCsv(
        `More than one column looks like ${IMPORT_FIELDS[field]}: ${cols.map((i) => `"${header.columns[i]!.header}"`).join(' and ')}. Keep one of them, or rename the other.`,
      );
  }
  if (!byField.has('domains'))
    throw new UnreadableCsv(
      'The file has no column for email domains (for example "Domains"). Every client needs at least one domain to accredit.',
    );

  const out: CsvRecord[] = [];
  for (let i = header.index + 1; i < rows.length; i++) {
    const r = rows[i]!;
    if (blank(r)) continue;
    const cells: CsvRecord['cells'] = {};
    for (const [field, [col]] of byField) {
      const v = r[col!]?.trim();
      if (v) cells[field] = v;
    }
    out.push({ row: i + 1, cells });
  }
  if (out.length === 0) throw new UnreadableCsv('The file has a header row but no clients below it.');
  if (out.length > MAX_IMPORT_ROWS)
    throw new UnreadableCsv(`The file has ${out.length} rows; import at most ${MAX_IMPORT_ROWS} at a time (split the file).`);
  return { encoding, delimiter, headerRow: header.index + 1, columns: header.columns, records: out };
}

function describeCsvError(e: unknown): string {
  const err = e as { code?: string; lines?: number; message?: string };
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') return `a quoted field opened near line ${err.lines ?? '?'} is never closed`;
  if (err.code === 'CSV_MAX_RECORD_SIZE') return `line ${err.lines ?? '?'} is far too long for a client list`;
  return String(err.message ?? e).slice(0, 200);
}
