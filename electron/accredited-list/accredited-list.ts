import { parse } from 'csv-parse/sync';
import { normaliseEmailDomain } from '../../shared/domain/email-domain';

// The NHS list of DCB1596-accredited domains (catalogue source S18): published as "dcb1596_accredited_domains.xlsx"
// but actually CSV, with bytes that are not UTF-8 (Windows-1252 in practice). We decode leniently, find
// the header row, map columns by name where we can (organisation, domain, then whatever NHS adds: ODS
// code, international processing, DMARC, SPF, DKIM, TLS 1.2 …) and fall back to positions (A organisation,
// C domain) where we cannot.

export const MAX_LIST_BYTES = 20 * 1024 * 1024;
const MAX_ROWS = 200_000;
const MAX_FIELD = 500;

export type ListEncoding = 'utf-8' | 'utf-8 (BOM)' | 'utf-16le' | 'utf-16be' | 'windows-1252';

interface AccreditedRow {
  rowNumber: number;
  organisation: string;
  domain: string;
  fields: Record<string, string>;
}

export interface ParsedAccreditedList {
  encoding: ListEncoding;
  delimiter: string;
  columns: string[];
  headerFound: boolean;
  rows: AccreditedRow[];
  skipped: { rowNumber: number; reason: string }[];
}

export class AccreditedListError extends Error {}

export function decodeListBytes(bytes: Uint8Array): { text: string; encoding: ListEncoding } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    throw new AccreditedListError(
      'This file is a real Excel workbook. Open it in Excel (or LibreOffice), choose File › Save As › CSV, and import the CSV file.',
    );
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: b.subarray(3).toString('utf8'), encoding: 'utf-8 (BOM)' };
  if (b[0] === 0xff && b[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'utf-16le' };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'utf-16be' };
  if (b.includes(0)) throw new AccreditedListError('This file is not a text (CSV) file.');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: the NHS file has Windows-1252 bytes (e.g. 0x92 for an apostrophe, 0xA0 for a space).
    return { text: new TextDecoder('windows-1252').decode(b), encoding: 'windows-1252' };
  }
}

function detectDelimiter(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length - 1] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![1] > 0 ? counts[0]![0] : ',';
}

const clean = (s: unknown) =>
  String(s ?? '')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_FIELD);

function candidateDomains(cell: string): string[] {
  return cell
    .split(/[\s,;|]+/)
    .map((d) =>
      d
        .trim()
        .replace(/^mailto:/i, '')
        .replace(/^https?:\/\//i, '')
        .replace(/^[^@]*@/, '')
        .replace(/\/.*$/, '')
        .replace(/^www\./i, ''),
    )
    .filter(Boolean);
}

export function parseAccreditedList(bytes: Uint8Array): ParsedAccreditedList {
  if (bytes.byteLength > MAX_LIST_BYTES)
    throw new AccreditedListError(`The file is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB; this is not the NHS list.`);
  const { text, encoding } = decodeListBytes(bytes);
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
      to: MAX_ROWS + 20,
    }) as string[][];
  } catch (err) {
    throw new AccreditedListError(`The file cannot be read as CSV: ${(err as Error).message}`);
  }
  const headerIndex = records.slice(0, 10).findIndex((r) => r.some((c) => /domain/i.test(clean(c))));
  const headerFound = headerIndex >= 0;
  const header = headerFound ? records[headerIndex]!.map(clean) : [];
  const width = Math.max(header.length, ...records.slice(0, 50).map((r) => r.length));
  const seen = new Map<string, number>();
  const columns = Array.from({ length: width }, (_, i) => {
    const base = header[i] || `Column ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n > 1 ? `${base} (${n})` : base;
  });
  const domainCol = headerFound ? header.findIndex((h) => /domain/i.test(h)) : 2;
  let orgCol = headerFound ? header.findIndex((h) => /organi[sz]ation|^org\b|^name$|company|provider/i.test(h)) : 0;
  if (orgCol < 0 || orgCol === domainCol) orgCol = domainCol === 0 ? 1 : 0;
  if (!headerFound && width < 3) throw new AccreditedListError('No "domain" column was found, and the file has fewer than three columns.');

  const rows: AccreditedRow[] = [];
  const skipped: ParsedAccreditedList['skipped'] = [];
  const body = records.slice(headerFound ? headerIndex + 1 : 0);
  if (body.length > MAX_ROWS) throw new AccreditedListError(`The file has more than ${MAX_ROWS} rows; this is not the NHS list.`);
  body.forEach((r, i) => {
    const rowNumber = (headerFound ? headerIndex + 1 : 0) + i + 1;
    const cell = clean(r[domainCol]);
    if (!cell) {
      if (r.some((c) => clean(c))) skipped.push({ rowNumber, reason: 'no domain' });
      return;
    }
    const fields = Object.fromEntries(columns.map((c, j) => [c, clean(r[j])]).filter(([, v]) => v));
    const organisation = clean(r[orgCol]);
    let any = false;
    for (const candidate of candidateDomains(cell)) {
      const d = normaliseEmailDomain(candidate);
      if (!d.ok) continue;
      any = true;
      rows.push({ rowNumber, organisation, domain: d.domain, fields });
    }
    if (!any) skipped.push({ rowNumber, reason: `"${cell.slice(0, 80)}" is not a domain` });
  });
  if (!rows.length) throw new AccreditedListError('No domains were found in the file. Is this the NHS accredited-domains list?');
  return { encoding, delimiter, columns, headerFound, rows, skipped };
}
