import { describe, expect, it } from 'vitest';
import { AccreditedListError, decodeListBytes, parseAccreditedList } from './accredited-list';

// What the NHS publishes as "dcb1596_accredited_domains.xlsx": CSV, Windows-1252.
const cp1252 = (s: string) => Buffer.from([...s].map((c) => ({ '’': 0x92, '–': 0x96, é: 0xe9, '\u00a0': 0xa0 })[c] ?? c.charCodeAt(0)));

const NHS_LIKE = [
  'Organisation,ODS,Domain,International processing,DMARC,SPF,DKIM,TLS 1.2',
  'St Mary’s Care Home – Ltd,VN3K7,stmarys-care.co.uk,N,Y,Y,Y,Y',
  '"Oakwood Homes, Ltd",AB1,oakwood.org.uk; oakwood-care.org.uk,N,Y,Y,N,Y',
  'Café Court,XY9,CAFECOURT.ORG.UK.,N,Y,Y,Y,Y',
  'No Domain Ltd,ZZ1,,N,N,N,N,N',
  'Broken Ltd,ZZ2,not a domain at all!,N,N,N,N,N',
].join('\r\n');

describe('NHS accredited-domains list', () => {
  it('reads the CSV-behind-.xlsx with Windows-1252 bytes and maps columns by header', () => {
    const list = parseAccreditedList(cp1252(NHS_LIKE));
    expect(list.encoding).toBe('windows-1252');
    expect(list.headerFound).toBe(true);
    expect(list.columns).toEqual(['Organisation', 'ODS', 'Domain', 'International processing', 'DMARC', 'SPF', 'DKIM', 'TLS 1.2']);
    expect(list.rows.map((r) => [r.rowNumber, r.organisation, r.domain])).toEqual([
      [2, 'St Mary’s Care Home – Ltd', 'stmarys-care.co.uk'],
      [3, 'Oakwood Homes, Ltd', 'oakwood.org.uk'],
      [3, 'Oakwood Homes, Ltd', 'oakwood-care.org.uk'],
      [4, 'Café Court', 'cafecourt.org.uk'],
    ]);
    expect(list.rows[0]!.fields).toMatchObject({ ODS: 'VN3K7', DKIM: 'Y', 'TLS 1.2': 'Y' });
    expect(list.skipped).toEqual([
      { rowNumber: 5, reason: 'no domain' },
      { rowNumber: 6, reason: '"not a domain at all!" is not a domain' },
    ]);
  });

  it.each([
    ['UTF-8', Buffer.from(NHS_LIKE, 'utf8'), 'utf-8'],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NHS_LIKE, 'utf8')]), 'utf-8 (BOM)'],
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NHS_LIKE, 'utf16le')]), 'utf-16le'],
  ])('decodes %s', (_name, bytes, encoding) => {
    const list = parseAccreditedList(bytes);
    expect(list.encoding).toBe(encoding);
    expect(list.rows[0]!.organisation).toBe('St Mary’s Care Home – Ltd');
  });

  it('finds the header below title rows and reads semicolon-separated files', () => {
    const text = [
      'DCB1596 accredited organisations;;',
      'Updated March 2026;;',
      'Name;Code;Email domain',
      'Riverside Care;RX2;@riverside-care.co.uk',
    ].join('\n');
    const list = parseAccreditedList(Buffer.from(text));
    expect(list.delimiter).toBe(';');
    expect(list.rows).toEqual([
      {
        rowNumber: 4,
        organisation: 'Riverside Care',
        domain: 'riverside-care.co.uk',
        fields: { Name: 'Riverside Care', Code: 'RX2', 'Email domain': '@riverside-care.co.uk' },
      },
    ]);
  });

  it('falls back to positions (A organisation, C domain) without a header', () => {
    const list = parseAccreditedList(
      Buffer.from('Meadowbank Care,2027-03-31,meadowbank-care.co.uk\nHillside,2026-12-01,hillside.org.uk\n'),
    );
    expect(list.headerFound).toBe(false);
    expect(list.rows.map((r) => [r.organisation, r.domain])).toEqual([
      ['Meadowbank Care', 'meadowbank-care.co.uk'],
      ['Hillside', 'hillside.org.uk'],
    ]);
    expect(list.columns).toEqual(['Column A', 'Column B', 'Column C']);
  });

  it.each([
    ['a real Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), /real Excel workbook.*Save As › CSV/],
    ['a binary file', Buffer.from([0x01, 0x00, 0x02, 0x00]), /not a text/],
    ['a CSV without domains', Buffer.from('Name,Domain\nA,\nB,\n'), /No domains were found/],
    ['two columns and no header', Buffer.from('a,b\nc,d\n'), /No "domain" column/],
  ])('refuses %s with a message for the user', (_name, bytes, message) => {
    expect(() => parseAccreditedList(bytes)).toThrow(AccreditedListError);
    expect(() => parseAccreditedList(bytes)).toThrow(message);
  });

  it('keeps UTF-8 when it is valid, and only then', () => {
    expect(decodeListBytes(Buffer.from('é', 'utf8')).encoding).toBe('utf-8');
    expect(decodeListBytes(Buffer.from([0xe9])).text).toBe('é');
  });
});
