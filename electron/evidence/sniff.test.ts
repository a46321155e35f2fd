import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sniffFile, sniffFileSync, sniffHead, extensionMismatch } from './sniff';
import { tempDir } from '../../test/support/temp-backend';
import * as samples from '../../test/fixtures/evidence/samples';
import type { SniffedType } from '../../shared/contract/evidence';

let dir: string;
beforeAll(() => {
  dir = tempDir('dcb-sniff-');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sniff(bytes: Buffer, name: string) {
  const p = join(dir, `${Math.random().toString(36).slice(2)}.bin`);
  writeFileSync(p, bytes);
  return sniffFile(p, name);
}

// [description, bytes, original name, expected type, expected mismatch]
const CASES: [string, () => Buffer | Promise<Buffer>, string, SniffedType, boolean][] = [
  ['PDF', () => samples.samplePdf(), 'report.pdf', 'pdf', false],
  [
    'PDF with junk before the header',
    async () => Buffer.concat([Buffer.from('\r\n\r\n'), await samples.samplePdf()]),
    'report.pdf',
    'pdf',
    false,
  ],
  ['PDF named .docx', () => samples.samplePdf(), 'policy.docx', 'pdf', true],
  ['DOCX', () => samples.sampleDocx(), 'Breach procedure v3.docx', 'docx', false],
  ['DOCX named .pdf (a PDF that is not a PDF)', () => samples.sampleDocx(), 'policy.pdf', 'docx', true],
  ['DOCX named .zip', () => samples.sampleDocx(), 'policy.zip', 'docx', false],
  ['XLSX', () => samples.sampleXlsx(), 'training.xlsx', 'xlsx', false],
  ['XLSX named .docx', () => samples.sampleXlsx(), 'training.docx', 'xlsx', true],
  ['plain ZIP', () => samples.samplePlainZip(), 'export.zip', 'zip', false],
  ['plain ZIP named .docx', () => samples.samplePlainZip(), 'fake.docx', 'zip', true],
  ['old Office (OLE)', () => samples.sampleOle(), 'policy.doc', 'ole', false],
  ['PNG', () => samples.samplePng(), 'admin-centre.png', 'png', false],
  ['PNG named .jpg', () => samples.samplePng(), 'admin-centre.jpg', 'png', true],
  ['JPEG', () => samples.sampleJpegHead(), 'photo.JPEG', 'jpeg', false],
  ['GIF', () => samples.sampleGif(), 'anim.gif', 'gif', false],
  ['text', () => samples.sampleText(), 'rules.txt', 'txt', false],
  ['Windows-1252 text', () => samples.sampleLatin1Text(), 'policy.txt', 'txt', false],
  ['CSV', () => samples.sampleCsv(), 'training.csv', 'csv', false],
  ['CSV with BOM and semicolons', () => samples.sampleSemicolonCsv(), 'training.csv', 'csv', false],
  ['CSV named .txt', () => samples.sampleCsv(), 'training.txt', 'csv', false],
  ['single-column CSV reads as text, allowed for .csv', () => Buffer.from('name\nA\nB\n'), 'names.csv', 'txt', false],
  ['JSON', () => samples.sampleJson(), 'snapshot.json', 'json', false],
  ['broken JSON named .json', () => Buffer.from('{"domain": "x", '), 'snapshot.json', 'txt', true],
  ['EML', () => samples.sampleEml(), 'approval.eml', 'eml', false],
  ['EML named .txt', () => samples.sampleEml(), 'approval.txt', 'eml', false],
  ['text named .eml', () => samples.sampleText(), 'approval.eml', 'txt', true],
  ['binary named .pdf', () => samples.sampleBinary(), 'scan.pdf', 'binary', true],
  ['binary with an unknown extension is not flagged', () => samples.sampleBinary(), 'data.bin', 'binary', false],
  ['no extension is never flagged', () => samples.samplePdf(), 'README', 'pdf', false],
];

describe('type sniffing from magic bytes', () => {
  it.each(CASES)('%s', async (_d, make, name, type, mismatch) => {
    expect(await sniff(await make(), name)).toEqual({ type, extensionMismatch: mismatch });
  });

  it('parses JSON larger than the sniffed head before calling it JSON', async () => {
    const big = Buffer.from(JSON.stringify({ rows: Array.from({ length: 20_000 }, (_, i) => ({ i, ok: true })) }));
    expect(big.length).toBeGreaterThan(64 * 1024);
    expect(await sniff(big, 'big.json')).toEqual({ type: 'json', extensionMismatch: false });
    expect(await sniff(Buffer.concat([big.subarray(0, big.length - 5)]), 'big.json')).toEqual({ type: 'txt', extensionMismatch: true });
  });

  it('the synchronous variant (probe snapshots) agrees, except that zips stay zips', async () => {
    const p = join(dir, 'snap.json');
    writeFileSync(p, samples.sampleJson());
    expect(sniffFileSync(p, 'snapshot.json')).toEqual({ type: 'json', extensionMismatch: false });
    const d = join(dir, 'doc.docx');
    writeFileSync(d, await samples.sampleDocx());
    expect(sniffFileSync(d, 'doc.docx').type).toBe('zip');
  });

  it('a truncated UTF-8 sequence at the end of the head is still text', () => {
    const text = Buffer.from('é'.repeat(10));
    expect(sniffHead(text.subarray(0, 7), text.length)).toBe('txt');
  });

  it('compares extensions case-insensitively and only for known ones', () => {
    expect(extensionMismatch('REPORT.PDF', 'pdf')).toBe(false);
    expect(extensionMismatch('report.pdf.exe', 'pdf')).toBe(false);
    expect(extensionMismatch('report.exe.pdf', 'binary')).toBe(true);
  });
});
