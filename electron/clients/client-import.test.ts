import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';
import { decodeCsv, fieldForHeader, parseClientCsv, parseRoute, splitList } from './client-import-csv';
import { judgeRow } from './client-import';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../test/fixtures/csv/${name}`, import.meta.url)));
const bytes = (text: string) => Buffer.from(text, 'utf8');
const HEADER = 'Legal name,ODS code,Domains,Route';

let b: TestBackend | undefined;
afterEach(() => {
  b?.dispose();
  b = undefined;
  vi.restoreAllMocks();
});

describe('reading a client CSV', () => {
  it.each([
    ['o365', 'o365'],
    ['Office 365', 'o365'],
    ['office365', 'o365'],
    ['Microsoft 365', 'o365'],
    ['MICROSOFT-365', 'o365'],
    ['M365', 'o365'],
    ['Exchange Online', 'o365'],
    ['google', 'google'],
    ['Google Workspace', 'google'],
    ['G Suite', 'google'],
    ['Gmail', 'google'],
    ['self-managed', 'self-managed'],
    ['Self managed', 'self-managed'],
    ['Exchange', 'self-managed'],
    ['Exchange on-premises', 'self-managed'],
    ['On-prem', 'self-managed'],
    ['Hybrid', 'self-managed'],
    ['NHSmail', undefined],
    ['Zimbra', undefined],
    ['', undefined],
  ])('reads the route %j as %j', (raw, expected) => {
    expect(parseRoute(raw)).toBe(expected);
  });

  it.each([
    ['a.org', ['a.org']],
    ['a.org;b.org', ['a.org', 'b.org']],
    ['a.org; b.org ;c.org', ['a.org', 'b.org', 'c.org']],
    ['a.org b.org', ['a.org', 'b.org']],
    ['a.org, b.org', ['a.org', 'b.org']],
    ['a.org\nb.org', ['a.org', 'b.org']],
    ['a.org;;A.ORG; ', ['a.org']],
    ['', []],
  ])('splits the list %j', (raw, expected) => {
    expect(splitList(raw)).toEqual(expected);
  });

  it.each([
    ['Legal name', 'legalName'],
    ['ORGANISATION', 'legalName'],
    ['Organization name', 'legalName'],
    ['ODS', 'odsCode'],
    ['ODS Code', 'odsCode'],
    ['ods_code', 'odsCode'],
    ['Email domains', 'domains'],
    ['Domain(s)', 'domains'],
    ['E-mail platform', 'route'],
    ['Tenant ID', 'tenant'],
    ['CQC location ID', 'cqcLocationIds'],
    ['Contact', 'contactName'],
    ['Email', 'contactEmail'],
    ['Tel', 'contactPhone'],
    ['Comments', 'notes'],
    ['Region', undefined],
  ])('maps the header %j to %j', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it.each<[string, Uint8Array, string, string]>([
    ['UTF-8', bytes('Café'), 'Café', 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('Café')]), 'Café', 'utf-8'],
    ['Windows-1252', Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0xa3, 0x35, 0x20, 0x96]), 'Café £5 –', 'windows-1252'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Café', 'utf16le')]), 'Café', 'utf-16le'],
  ])('decodes %s', (_label, input, text, encoding) => {
    expect(decodeCsv(input)).toEqual({ text, encoding });
  });

  it('reads quoted commas, quoted line breaks, CRLF and keeps spreadsheet row numbers across blank lines', () => {
    const csv = parseClientCsv(
      bytes(
        `${HEADER},Notes\r\n"Oakwood Homes, Ltd",AB1,"a.org; b.org",Google,"line one\r\nline two"\r\n\r\n,,,,\r\nMeadowbank,VN3K7,m.org,o365,\r\n`,
      ),
    );
    expect(csv).toMatchObject({ delimiter: ',', encoding: 'utf-8', headerRow: 1 });
    expect(csv.records).toEqual([
      {
        row: 2,
        cells: { legalName: 'Oakwood Homes, Ltd', odsCode: 'AB1', domains: 'a.org; b.org', route: 'Google', notes: 'line one\r\nline two' },
      },
      { row: 5, cells: { legalName: 'Meadowbank', odsCode: 'VN3K7', domains: 'm.org', route: 'o365' } },
    ]);
  });

  it.each([
    ['semicolons (European Excel)', 'Legal name;ODS;Domains;Route\nA Ltd;AB1;a.org;Google\n', ';'],
    ['tabs', 'Legal name\tODS\tDomains\tRoute\nA Ltd\tAB1\ta.org\tGoogle\n', '\t'],
    ['commas, with semicolons inside cells', 'Legal name,ODS,Domains,Route\nA Ltd,AB1,a.org;b.org;c.org;d.org,Google\n', ','],
  ])('detects the separator: %s', (_label, text, delimiter) => {
    const csv = parseClientCsv(bytes(text));
    expect(csv.delimiter).toBe(delimiter);
    expect(csv.records[0]!.cells).toMatchObject({ legalName: 'A Ltd', odsCode: 'AB1', route: 'Google' });
  });

  it('skips title lines above the header and reports ignored columns', () => {
    const csv = parseClientCsv(
      bytes('Client list,,,\nExported 2026-11-01,,,\n\nName,ODS code,Domain,Route,Region\nA Ltd,AB1,a.org,Google,North\n'),
    );
    expect(csv.headerRow).toBe(4);
    expect(csv.columns.find((c) => c.header === 'Region')).toEqual({ header: 'Region', field: null });
    expect(csv.records).toEqual([{ row: 5, cells: { legalName: 'A Ltd', odsCode: 'AB1', domains: 'a.org', route: 'Google' } }]);
  });

  it('reads the Windows-1252 fixture exported by Excel', () => {
    const csv = parseClientCsv(fixture('clients-windows-1252.csv'));
    expect(csv).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(csv.records.map((r) => r.cells.legalName)).toEqual(['Café Court Care Ltd', 'Brückenhaus Pflege Ltd']);
    expect(csv.records[0]!.cells.notes).toBe('Fees £120 – weekly');
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['an empty file', Buffer.alloc(0), /The file is empty/],
    ['only blank lines', bytes('\r\n\r\n  \r\n'), /The file is empty/],
    ['binary data', Buffer.from([0x41, 0x00, 0x42, 0x00, 0x01, 0x02, 0x03]), /not a text file/],
    ['an Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /Excel workbook \(\.xlsx\)/],
    ['a PDF', bytes('%PDF-1.7\n'), /This is a PDF/],
    ['no legal name and ODS header', fixture('not-a-client-list.csv'), /No header row naming a legal name and an ODS code column/],
    ['a header and no rows', bytes(`${HEADER}\r\n\r\n`), /header row but no clients/],
    ['an unclosed quote', bytes(`${HEADER}\n"A Ltd,AB1,a.org,Google\n`), /quoted field .* is never closed/],
    [
      'two domain columns',
      bytes('Legal name,ODS,Domain,Email domains\nA,AB1,a.org,b.org\n'),
      /More than one column looks like Email domains/,
    ],
    ['no domains column', bytes('Legal name,ODS,Route\nA,AB1,Google\n'), /no column for email domains/],
  ])('refuses %s as a whole', (_label, input, message) => {
    expect(() => parseClientCsv(input)).toThrow(message);
  });
});

describe('validating rows', () => {
  const row = (cells: Record<string, string>) => judgeRow({ row: 7, cells }, undefined);
  const base = { legalName: 'A Ltd', odsCode: 'ab1', domains: 'a.org', route: 'Office 365' };

  it('accepts a complete row and normalises it with the client form rules', () => {
    const j = row({
      ...base,
      domains: 'A.org; Bücher.example',
      tenant: 'Contoso.onmicrosoft.com',
      cqcLocationIds: '1-123456789 1-987654321',
      contactName: 'Priya Shah',
      contactEmail: 'priya@a.org',
      notes: 'Moved in 2025',
    });
    expect(j.report).toMatchObject({
      row: 7,
      status: 'accepted',
      odsCode: 'AB1',
      route: 'o365',
      domains: ['a.org', 'xn--bcher-kva.example'],
      reasons: [],
    });
    expect(j.fields).toMatchObject({
      tenant: 'contoso.onmicrosoft.com',
      cqcLocationIds: ['1-123456789', '1-987654321'],
      contacts: [{ name: 'Priya Shah', email: 'priya@a.org' }],
    });
  });

  it.each<[string, Record<string, string>, RegExp[]]>([
    ['no legal name', { ...base, legalName: '' }, [/^Legal name: Legal name is required/]],
    ['no ODS code', { ...base, odsCode: '' }, [/^ODS code: ODS code is required/]],
    ['a malformed ODS code', { ...base, odsCode: 'A!' }, [/^ODS code: ODS codes are letters and digits/]],
    ['no domain', { ...base, domains: '' }, [/^Email domains: Add at least one email domain/]],
    ['a bad domain', { ...base, domains: 'a.org; not_a_domain' }, [/^Email domains: .*not_a_domain/]],
    ['an email address as domain', { ...base, domains: 'info@a.org' }, [/^Email domains: "info@a.org" is not a bare domain/]],
    ['an unknown route', { ...base, route: 'NHSmail' }, [/^Route "NHSmail" is not recognised/]],
    ['an empty route', { ...base, route: '' }, [/^Route is empty/]],
    ['a bad tenant', { ...base, tenant: 'contoso.com' }, [/^Microsoft 365 tenant: Use the tenant ID/]],
    [
      'a bad CQC ID',
      { ...base, cqcLocationIds: '1-123456789; 12345' },
      [/^CQC location IDs: CQC location IDs look like 1-123456789 \("12345"\)/],
    ],
    ['a contact email without a name', { ...base, contactEmail: 'x@a.org' }, [/^Contact name: needed when a contact email/]],
    ['a bad contact email', { ...base, contactName: 'X', contactEmail: 'not-an-email' }, [/^Contact email: Enter an email address/]],
    ['a legal name too long', { ...base, legalName: 'x'.repeat(201) }, [/^Legal name: Legal name must be at most 200 characters/]],
    [
      'several problems',
      { legalName: 'A', odsCode: '', domains: 'bad', route: 'Lotus' },
      [/^Route "Lotus"/, /^ODS code/, /^Email domains/],
    ],
  ])('rejects a row with %s, saying why', (_label, cells, reasons) => {
    const j = row(cells);
    expect(j.report.status).toBe('rejected');
    expect(j.fields).toBeUndefined();
    expect(j.report.reasons).toHaveLength(reasons.length);
    reasons.forEach((r, i) => expect(j.report.reasons[i]).toMatch(r));
  });

  it('uses the default route only for rows that leave it empty', () => {
    expect(judgeRow({ row: 2, cells: { ...base, route: '' } }, 'google').report).toMatchObject({ status: 'accepted', route: 'google' });
    expect(judgeRow({ row: 2, cells: base }, 'google').report).toMatchObject({ status: 'accepted', route: 'o365' });
    expect(judgeRow({ row: 2, cells: { ...base, route: 'Lotus' } }, 'google').report.status).toBe('rejected');
  });
});

describe('importing clients', () => {
  async function setup() {
    b = createTestBackend();
    await b.call('settings.update', { displayName: 'Alex Consultant' });
    return b;
  }
  const upload = async (data: Buffer, name = 'clients.csv') => (await b!.services.transfers.receive(Readable.from([data]), name)).uploadId;

  it('previews without importing, then imports the accepted rows in one audited go', async () => {
    const b = await setup();
    await b.call(
      'client.create',
      sampleClientInput({ legalName: 'Existing Care Ltd', odsCode: 'SUN22', domains: ['existing.example.org'] }),
    );
    const uploadId = await upload(fixture('clients-sample.csv'));

    const preview = await b.call('client.importPreview', { uploadId });
    expect((await b.call('client.list', {})).length).toBe(1);
    expect(preview).toMatchObject({ fileName: 'clients.csv', delimiter: ',', encoding: 'utf-8', headerRow: 1, accepted: 2, rejected: 5 });
    const byRow = Object.fromEntries(preview.rows.map((r) => [r.row, r]));
    expect(byRow[2]).toMatchObject({ status: 'accepted', odsCode: 'VN3K7', route: 'o365', domains: ['meadowbank-care.co.uk'] });
    expect(byRow[3]).toMatchObject({
      status: 'accepted',
      legalName: 'Oakwood Homes, Ltd',
      route: 'google',
      domains: ['oakwood.org.uk', 'oakwood-homes.co.uk'],
    });
    expect(byRow[4]).toMatchObject({ status: 'rejected', reasons: [expect.stringMatching(/RV101 is also on row 7/)] });
    expect(byRow[5]!.reasons).toEqual([expect.stringMatching(/^ODS code: ODS code is required/)]);
    expect(byRow[6]!.reasons).toEqual([
      'Route "Zimbra" is not recognised: use Microsoft 365, Google Workspace or self-managed',
      'Email domains: "not", "a", "domain" are not valid domain names',
    ]);
    expect(byRow[7]).toMatchObject({ status: 'rejected', reasons: [expect.stringMatching(/RV101 is also on row 4/)] });
    expect(byRow[8]).toBeUndefined(); // the blank line
    expect(byRow[9]!.reasons).toEqual([expect.stringMatching(/^Contact name: needed/)]);

    const result = await b.call('client.import', { uploadId, expectRows: [2, 3] });
    expect(result.imported.map((i) => [i.row, i.odsCode])).toEqual([
      [2, 'VN3K7'],
      [3, 'AB12C'],
    ]);
    const list = await b.call('client.list', {});
    expect(list.map((c) => c.odsCode).sort()).toEqual(['AB12C', 'SUN22', 'VN3K7']);
    const meadowbank = b.services.clients.findByRef('VN3K7');
    expect(meadowbank).toMatchObject({
      legalName: 'Meadowbank Care Ltd',
      tradingName: 'Meadowbank',
      tenant: 'meadowbank.onmicrosoft.com',
      cqcLocationIds: ['1-123456789'],
      contacts: [{ name: 'Priya Shah', email: 'priya@meadowbank-care.co.uk', phone: '01632 960001' }],
    });
    // Each client's own chain records its creation; the workspace chain records the import.
    expect((await b.call('audit.list', { clientId: meadowbank.id }))[0]).toMatchObject({
      action: 'client.create',
      actor: 'Alex Consultant',
    });
    const workspace = b.services.db.prepare("SELECT summary FROM audit_log WHERE chain = 'workspace' AND action = 'client.import'").all();
    expect(workspace).toEqual([{ summary: 'Imported 2 clients from clients.csv (5 rows rejected)' }]);
    expect((await b.call('audit.verify', {})).ok).toBe(true);

    // Importing the same file again: every row is now rejected, nothing changes.
    const again = await b.call('client.import', { uploadId });
    expect(again).toMatchObject({ accepted: 0, imported: [] });
    expect(again.rows.find((r) => r.row === 2)!.reasons).toEqual([
      expect.stringMatching(/VN3K7 is already in this workspace \(Meadowbank Care Ltd\)/),
    ]);
  });

  it('imports nothing when the workspace changed since the preview', async () => {
    const b = await setup();
    const uploadId = await upload(bytes(`${HEADER}\nA Ltd,AB1,a.org,Google\nB Ltd,BB2,b.org,Google\n`));
    const preview = await b.call('client.importPreview', { uploadId });
    await b.call('client.create', sampleClientInput({ odsCode: 'BB2' }));
    await expect(
      b.call('client.import', { uploadId, expectRows: preview.rows.filter((r) => r.status === 'accepted').map((r) => r.row) }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/changed since the preview/) });
    expect((await b.call('client.list', {})).map((c) => c.odsCode)).toEqual(['BB2']);
  });

  it('imports nothing if any accepted row fails to save (one transaction)', async () => {
    const b = await setup();
    const uploadId = await upload(bytes(`${HEADER}\nA Ltd,AB1,a.org,Google\nB Ltd,BB2,b.org,Google\n`));
    const create = b.services.clients.create.bind(b.services.clients);
    let n = 0;
    vi.spyOn(b.services.clients, 'create').mockImplementation((f, o) => {
      if (++n === 2) throw new Error('disk full');
      return create(f, o);
    });
    await expect(b.call('client.import', { uploadId })).rejects.toThrow(/disk full/);
    expect(await b.call('client.list', {})).toEqual([]);
    expect(b.services.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual({ n: 1 }); // just the settings change
  });

  it.each([
    ['an unreadable file', Buffer.from([0x00, 0x01, 0x02, 0x03]), /not a text file.*Nothing was imported/],
    ['a file with no route column and no default', bytes('Legal name,ODS,Domains\nA Ltd,AB1,a.org\n'), /no Route column/],
  ])('imports nothing from %s', async (_label, data, message) => {
    const b = await setup();
    const r = await b.dispatch('client.import', { uploadId: await upload(data) });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(message) } });
    expect(await b.call('client.list', {})).toEqual([]);
  });

  it('applies a default route when the file has no route column', async () => {
    const b = await setup();
    const r = await b.call('client.import', {
      uploadId: await upload(bytes('Legal name,ODS,Domains\nA Ltd,AB1,a.org\n')),
      defaultRoute: 'self-managed',
    });
    expect(r.imported).toHaveLength(1);
    expect((await b.call('client.list', {}))[0]!.route).toBe('self-managed');
  });
});

// Issue 16, item 6: a CSV mixing UTF-8 and Windows-1252 (or invalid UTF-8) imported mojibake without a word.
describe('text encodings that cannot be trusted', () => {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const cp1252 = (s: string) => Buffer.from(s, 'latin1');
  it.each([
    [
      'UTF-8 and Windows-1252 lines mixed',
      Buffer.concat([utf8('Name,ODS,Domain,Route\nCafé Ltd,AB1,cafe.org.uk,o365\n'), cp1252('Crème Care,AB2,creme.org.uk,o365\n')]),
      /mixes two text encodings: line 2 is UTF-8 but line 3 is not/,
    ],
    [
      'a UTF-8 BOM over invalid UTF-8',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('Name,ODS\n'), Buffer.from([0x41, 0xc3, 0x28, 0x0a])]),
      /says it is UTF-8 but line 2 is not valid UTF-8/,
    ],
    [
      'bytes undefined in Windows-1252',
      Buffer.concat([utf8('Name,ODS\n'), Buffer.from([0x41, 0x81, 0x42, 0x2c, 0x41, 0x42, 0x31, 0x0a])]),
      /Line 2 holds bytes that are neither UTF-8 nor Windows-1252/,
    ],
  ])('refuses %s, naming the lines', (_label, bytes, message) => {
    expect(() => parseClientCsv(bytes)).toThrow(message);
  });
});
