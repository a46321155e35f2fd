import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderBoardSummaryBytes } from '../board-summary-pdf';
import { renderEvidenceIndexBytes } from '../evidence-index-pdf';
import { pdfLib, type PDFDocument } from '../pdf-lib';
import type { PDFName as Name, PDFNumber as Num, PDFRawStream as RawStream, PDFRef as Ref } from 'pdf-lib';
import { sampleStatementInput } from '../../../test/support/sample-statement';
import { StatementModel } from '../../statement/statement-model';
import { renderStatementBytes } from '../statement-pdf';
import { renderTechnicalReportBytes } from '../technical-report-pdf';
import { diffFindings } from '../../statement/year-on-year';
import { MIN_TEXT_SIZE } from './doc-builder';

// Every PDF we produce is tagged and navigable: poppler says "Tagged: yes", the structure tree (walked here
// from the catalogue, independently of the code that wrote it) has headings, tables whose header cells are
// TH, lists and figures with alternative text, every marked-content ID on a page has an owner in the
// ParentTree, the outline has a bookmark per section, and extracted text carries no watermark letters.
// veraPDF (the reference PDF/UA checker) is neither in Debian nor on npm, so these are the checks we can run.

const dir = mkdtempSync(join(tmpdir(), 'dcb-a11y-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const save = (bytes: Uint8Array) => {
  const p = join(dir, `doc-${++n}.pdf`);
  writeFileSync(p, bytes);
  return p;
};

const { PDFName, PDFDict, PDFArray, PDFRef, PDFHexString, PDFString, PDFRawStream } = pdfLib;

interface Walked {
  types: string[];
  thScopes: string[];
  alts: { type: string; alt?: string }[];
  mcrs: { page: number; mcid: number }[];
}

function walkStructure(doc: PDFDocument): Walked {
  const ctx = doc.context;
  const look = (o: unknown) => (o instanceof PDFRef ? ctx.lookup(o) : o);
  const root = look(doc.catalog.get(PDFName.of('StructTreeRoot')));
  if (!(root instanceof PDFDict)) throw new Error('No StructTreeRoot');
  const pages = doc.getPages().map((p) => p.ref.toString());
  const out: Walked = { types: [], thScopes: [], alts: [], mcrs: [] };
  // An integer kid is an MCID on the element's own page (/Pg), ISO 32000-1 §14.7.4.
  const visit = (o: unknown, depth: number, pg?: string) => {
    if (depth > 64) throw new Error('Structure tree too deep (a cycle?)');
    const v = look(o);
    if (v instanceof PDFArray) return v.asArray().forEach((k) => visit(k, depth + 1, pg));
    if (v instanceof pdfLib.PDFNumber) {
      if (pg === undefined) throw new Error('An MCID kid on an element without /Pg');
      out.mcrs.push({ page: pages.indexOf(pg), mcid: v.asNumber() });
      return;
    }
    if (!(v instanceof PDFDict)) return;
    const type = v.get(PDFName.of('Type'));
    if (type === PDFName.of('MCR')) {
      out.mcrs.push({
        page: pages.indexOf((v.get(PDFName.of('Pg')) as Ref).toString()),
        mcid: (v.get(PDFName.of('MCID')) as Num).asNumber(),
      });
      return;
    }
    const s = v.get(PDFName.of('S'));
    if (s instanceof PDFName) {
      const name = s.decodeText();
      out.types.push(name);
      const alt = v.get(PDFName.of('Alt'));
      if (name === 'Figure')
        out.alts.push({ type: name, alt: alt instanceof PDFHexString || alt instanceof PDFString ? alt.decodeText() : undefined });
      if (name === 'TH') {
        const a = look(v.get(PDFName.of('A')));
        out.thScopes.push(a instanceof PDFDict ? String((a.get(PDFName.of('Scope')) as Name)?.decodeText()) : 'none');
      }
    }
    const elemPg = v.get(PDFName.of('Pg'));
    visit(v.get(PDFName.of('K')), depth + 1, elemPg instanceof PDFRef ? elemPg.toString() : undefined);
  };
  visit(root.get(PDFName.of('K')), 0);
  return out;
}

function outlineTitles(doc: PDFDocument): string[] {
  const ctx = doc.context;
  const titles: string[] = [];
  const outlines = doc.catalog.lookup(PDFName.of('Outlines'));
  if (!(outlines instanceof PDFDict)) return titles;
  const walk = (ref: unknown) => {
    let item = ref instanceof PDFRef ? ctx.lookup(ref) : undefined;
    while (item instanceof PDFDict) {
      const t = item.get(PDFName.of('Title'));
      titles.push(t instanceof PDFHexString || t instanceof PDFString ? t.decodeText() : '?');
      walk(item.get(PDFName.of('First')));
      const next = item.get(PDFName.of('Next'));
      item = next instanceof PDFRef ? ctx.lookup(next) : undefined;
    }
  };
  walk(outlines.get(PDFName.of('First')));
  return titles;
}

function contentOf(doc: PDFDocument, pageIndex: number): string {
  const p = doc.getPages()[pageIndex]!;
  const contents = p.node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return refs
    .map((r) => doc.context.lookup(r))
    .filter((s) => s instanceof PDFRawStream)
    .map((s) => Buffer.from(pdfLib.decodePDFRawStream(s as RawStream).decode()).toString('latin1'))
    .join('\n');
}

const model = (over: Parameters<typeof sampleStatementInput>[0] = {}) => {
  const m = StatementModel.parse(sampleStatementInput(over));
  const previous = m.technical.runs.map((r) => ({
    ...r,
    findings: r.findings.map((f) => (f.check === 'dns.mta-sts' ? { ...f, status: 'pass' as const, summary: 'MTA-STS enforce' } : f)),
  }));
  return {
    ...m,
    bundle: { id: 'DCB1596-VN3K7-20260302-7F3A9C21', manifestSha256: 'c'.repeat(64) },
    technical: { ...m.technical, yearOnYear: diffFindings(previous, m.technical.runs, '2025') },
  };
};

const DOCUMENTS = {
  'statement (signed, sample)': () => renderStatementBytes(model()),
  'statement (draft, not sample)': () => renderStatementBytes({ ...model({ signed: false }), sample: false }),
  'technical report': () => renderTechnicalReportBytes(model()),
  'evidence index': () => renderEvidenceIndexBytes(model()),
  'board summary': () => renderBoardSummaryBytes(model({ route: 'self-managed' })),
};

describe.each(Object.entries(DOCUMENTS))('%s', (_name, render) => {
  it('is tagged, with headings, tables with header cells, bookmarks and every MCID owned', async () => {
    const bytes = await render();
    const path = save(bytes);
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(/^Tagged:\s+yes$/m);
    execFileSync('qpdf', ['--check', path], { encoding: 'utf8' });
    const doc = await pdfLib.PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.catalog.lookup(PDFName.of('MarkInfo'), PDFDict).get(PDFName.of('Marked'))?.toString()).toBe('true');
    const w = walkStructure(doc);
    expect(w.types[0]).toBe('Document');
    expect(w.types.filter((t) => t === 'H1')).toHaveLength(1);
    expect(w.types).toContain('H2');
    expect(w.types).toContain('Table');
    expect(w.types).toContain('TH');
    expect(w.thScopes.every((s) => s === 'Column' || s === 'Row')).toBe(true);
    for (const f of w.alts) expect(f.alt?.length ?? 0).toBeGreaterThan(20);
    // Every BDC with an MCID in a page's content belongs to exactly one structure element.
    doc.getPages().forEach((_p, i) => {
      const mcids = [...contentOf(doc, i).matchAll(/\/MCID (\d+)/g)].map((m) => Number(m[1]));
      const owned = w.mcrs.filter((r) => r.page === i).map((r) => r.mcid);
      expect(owned.sort((a, b) => a - b)).toEqual(mcids.sort((a, b) => a - b));
    });
    const titles = outlineTitles(doc);
    expect(titles.length).toBeGreaterThanOrEqual(2);
    expect(titles.filter((t) => t !== '?')).toHaveLength(titles.length);
  });

  it('prints nothing below 8 pt and keeps the watermark out of the text', async () => {
    const bytes = await render();
    const doc = await pdfLib.PDFDocument.load(bytes, { updateMetadata: false });
    for (let i = 0; i < doc.getPageCount(); i++) {
      const sizes = [...contentOf(doc, i).matchAll(/ ([\d.]+) Tf/g)].map((m) => Number(m[1]));
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_TEXT_SIZE);
    }
    // The watermark is drawn as outlines: no text operator inside a rotated drawing, and none of its letters
    // stray into the extracted words (poppler put them between the words of the page before).
    for (let i = 0; i < doc.getPageCount(); i++)
      for (const block of contentOf(doc, i).split('EMC'))
        if (/0\.57\d* 0\.81\d* -0\.81\d* 0\.57\d* [-\d.]+ [-\d.]+ cm/.test(block)) expect(block).not.toMatch(/T[jJ]\b/);
    const text = execFileSync('pdftotext', ['-layout', save(bytes), '-'], { encoding: 'utf8' });
    // (A lone capital after a number is a unit: "92 B".)
    expect(text).not.toMatch(/(^|(?<!\d)\s)[SMPLENOTFRUBDI](?=\s|$)/m);
  });
});

describe('bookmarks', () => {
  it('name each section of the technical report, the board summary first', async () => {
    const doc = await pdfLib.PDFDocument.load(await renderTechnicalReportBytes(model()), { updateMetadata: false });
    const titles = outlineTitles(doc);
    expect(titles.slice(0, 3)).toEqual(['Technical results report', 'Board summary', 'Open items by risk']);
    expect(titles).toContain('Technical results');
    expect(titles).toContain('Changes since cycle 2025');
    expect(walkStructure(doc).types).toContain('Figure');
    expect(walkStructure(doc).types).toContain('L');
  });
});
