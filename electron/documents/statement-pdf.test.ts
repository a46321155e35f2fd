import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderEvidenceIndexBytes } from './evidence-index-pdf';
import { pdfLib } from './pdf-lib';
import { readInfoString } from './pdf/doc-builder';
import { sampleStatement, sampleStatementInput } from '../../test/support/sample-statement';
import { StatementModel, type StatementModel as Model } from '../statement/statement-model';
import { renderStatementBytes } from './statement-pdf';
import { renderTechnicalReportBytes } from './technical-report-pdf';
import { diffFindings } from '../statement/year-on-year';

// The documents are checked the way a reviewer meets them: poppler extracts the text, qpdf checks the
// structure, pdftoppm renders every page.

const dir = mkdtempSync(join(tmpdir(), 'dcb-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function save(bytes: Uint8Array): string {
  const p = join(dir, `doc-${++n}.pdf`);
  writeFileSync(p, bytes);
  return p;
}
const text = (p: string) => execFileSync('pdftotext', ['-layout', p, '-'], { encoding: 'utf8' });
const squash = (s: string) => s.replace(/\s+/g, ' ');
const qpdfCheck = (p: string) => execFileSync('qpdf', ['--check', p], { encoding: 'utf8' });
// The diagonal watermark is drawn as glyph outlines (so text extraction never sees its letters), so count
// the rotated drawings on each page instead; the header flag carries the same words as text.
async function rotatedTextPerPage(bytes: Uint8Array): Promise<number[]> {
  const doc = await pdfLib.PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPages().map((p) => {
    const contents = p.node.Contents();
    const refs = contents instanceof pdfLib.PDFArray ? contents.asArray() : contents ? [contents] : [];
    let count = 0;
    for (const ref of refs) {
      const stream = doc.context.lookup(ref);
      if (!(stream instanceof pdfLib.PDFRawStream)) continue;
      const ops = Buffer.from(pdfLib.decodePDFRawStream(stream).decode()).toString('latin1');
      count += (ops.match(/0\.57\d* 0\.81\d* -0\.81\d* 0\.57\d* [-\d.]+ [-\d.]+ cm/g) ?? []).length;
    }
    return count;
  });
}

const bundle = { id: 'DCB1596-VN3K7-20260302-7F3A9C21', manifestSha256: 'c'.repeat(64) };

function model(over: Parameters<typeof sampleStatementInput>[0] = {}, edit?: (m: ReturnType<typeof sampleStatementInput>) => void): Model {
  const input = sampleStatementInput(over);
  edit?.(input);
  return { ...StatementModel.parse(input), bundle };
}

describe('statement.pdf', () => {
  it('carries the client, ODS code, every requirement ID, both signatories, the bundle ID and manifest hash', async () => {
    const m = model();
    const p = save(await renderStatementBytes(m));
    const t = text(p);
    expect(t).toContain('Oakwood Care Homes Ltd');
    expect(t).toContain('VN3K7');
    for (const r of m.requirements) expect(t, r.id).toContain(r.id);
    for (const d of m.organisation.domains) expect(t).toContain(d);
    expect(t).toContain('Daniel Okafor');
    expect(t).toContain('Dr Helen Marsh');
    expect(t).toContain('Clinical Safety Officer');
    expect(t).toContain(bundle.id);
    expect(t).toContain(bundle.manifestSha256);
    expect(t).toMatch(/Page 1 of \d/);
    // Document details for an ORG requirement.
    // (The SAMPLE margin mark's letters may fall between the words in pdftotext's reading order.)
    expect(squash(t)).toMatch(/Approved by Registered Manager on 15 (?:[A-Z]{1,2} )?January 2026/);
    expect(t).not.toContain('DRAFT');
    expect(qpdfCheck(p)).toContain('No syntax or stream encoding errors found');
  });

  it('writes the document metadata and the machine-readable bundle facts', async () => {
    const bytes = await renderStatementBytes(model());
    const info = execFileSync('pdfinfo', [save(bytes)], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+DCB1596 self-accreditation statement — Oakwood Care Homes Ltd \(VN3K7\), 2026 \[SAMPLE\]/);
    expect(info).toMatch(/Author:\s+Daniel Okafor/);
    expect(info).toMatch(/Subject:\s+NHS Secure Email Standard \(DCB1596\) self-accreditation statement for oakwood-care\.org\.uk/);
    expect(info).toMatch(/Creator:\s+DCB1596 Workbench 0\.1\.0/);
    expect(info).toMatch(/CreationDate:\s+Mon Mar\s+2 14:30:00 2026/);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const doc = await pdfLib.PDFDocument.load(bytes, { updateMetadata: false });
    expect(readInfoString(doc, 'DCB1596BundleId')).toBe(bundle.id);
    expect(readInfoString(doc, 'DCB1596ManifestSHA256')).toBe(bundle.manifestSha256);
  });

  it('says DRAFT until both sign-offs exist, and shows the empty blocks', async () => {
    const one = model({}, (m) => delete m.signOffs.clinicalSafetyExpert);
    const bytes = await renderStatementBytes({ ...one, sample: false });
    const t = text(save(bytes));
    for (const page of t.split('\f').filter((x) => x.trim())) expect(page).toContain('DRAFT');
    expect((await rotatedTextPerPage(bytes)).every((c) => c === 1)).toBe(true);
    const final = await renderStatementBytes({ ...model(), sample: false });
    expect(text(save(final))).not.toContain('DRAFT');
    expect((await rotatedTextPerPage(final)).every((c) => c === 0)).toBe(true);
    expect(squash(t)).toContain('Waiting for: the clinical safety expert');
    expect(t).toContain('Awaiting sign-off');
    const none = text(save(await renderStatementBytes(model({ signed: false }))));
    expect(squash(none)).toContain('Waiting for: the ICT expert and the clinical safety expert');
  });

  it('marks sample data on every page, and only sample data', async () => {
    const sample = model();
    const bytes = await renderStatementBytes(sample);
    const t = text(save(bytes));
    const pages = t.split('\f').filter((p) => p.trim());
    for (const page of pages) expect(page).toContain('SAMPLE — NOT FOR SUBMISSION');
    expect((await rotatedTextPerPage(bytes)).every((c) => c === 1)).toBe(true);
    // A draft of sample data carries both marks.
    expect((await rotatedTextPerPage(await renderStatementBytes(model({ signed: false })))).every((c) => c === 2)).toBe(true);
    for (const render of [renderTechnicalReportBytes, renderEvidenceIndexBytes])
      for (const page of text(save(await render(sample)))
        .split('\f')
        .filter((p) => p.trim()))
        expect(page).toContain('SAMPLE — NOT FOR SUBMISSION');
    const real = text(save(await renderStatementBytes({ ...sample, sample: false })));
    expect(real).not.toContain('SAMPLE');
    expect(real).not.toContain('Sample data');
  });

  it('adds the ICT service provider section on the self-managed route', async () => {
    const t = squash(text(save(await renderStatementBytes(model({ route: 'self-managed' })))));
    expect(t).toContain('6. ICT service provider');
    expect(t).toContain('IS 712345');
    expect(t).toContain('Redline Security Ltd (CREST)');
    expect(t).toContain('7. Sign-off');
    const o365 = squash(text(save(await renderStatementBytes(model()))));
    expect(o365).not.toContain('ICT service provider');
  });

  it('flags an expired ISO certificate and an old pen test in the document itself', async () => {
    const m = model({ route: 'self-managed' }, (x) => {
      x.ictProvider!.iso27001.expiresOn = '2026-02-01';
      x.ictProvider!.penTest.testedOn = '2024-12-01';
    });
    const t = squash(text(save(await renderStatementBytes(m))));
    // Judged on the planned submission date with the one calendar-month rule, as readiness judges them.
    expect(t).toContain('Expired before the planned submission');
    expect(t).toContain('More than 12 calendar months before the planned submission');
  });

  it('is byte-for-byte reproducible from the same model', async () => {
    const m = model();
    const a = await renderStatementBytes(m);
    const b = await renderStatementBytes(m);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });

  it('survives hostile text: glyphs the fonts lack, control characters, very long answers across pages', async () => {
    const long = `${'Our procedure is reviewed every quarter by the registered manager. '.repeat(55)}END-OF-LONG-ANSWER`;
    const m = model({}, (x) => {
      x.organisation.legalName = 'Oakwood 🏠 Care 老人院 Ltd\u0007';
      x.requirements[0]!.response = long;
      x.requirements[1]!.response = `${'x'.repeat(600)} unbroken`;
    });
    const p = save(await renderStatementBytes(m));
    const t = text(p);
    expect(t).toContain('Oakwood ? Care ??? Ltd');
    expect(t).toContain('END-OF-LONG-ANSWER');
    expect(qpdfCheck(p)).toContain('No syntax or stream encoding errors found');
  });

  it('renders every page to an image', async () => {
    const p = save(await renderStatementBytes(model({ route: 'self-managed' })));
    const out = join(dir, 'pages');
    execFileSync('pdftoppm', ['-r', '40', '-png', p, out]);
    const pages = readdirSync(dir).filter((f) => f.startsWith('pages-') && f.endsWith('.png'));
    const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [p], { encoding: 'utf8' }))![1]);
    expect(pages.length).toBe(count);
    expect(count).toBeGreaterThanOrEqual(4);
  });
});

describe('technical-report.pdf', () => {
  it('lists every finding with its collection time, remediation and raw snapshot', async () => {
    const m = model();
    const snapshotPaths = new Map(m.technical.runs.map((r) => [r.snapshot!.sha256, `raw/${r.snapshot!.fileName}`]));
    const t = squash(text(save(await renderTechnicalReportBytes(m, { snapshotPaths }))));
    expect(t).toContain('Technical results report');
    expect(t).toContain('Mail domain oakwood-care.org.uk');
    expect(t).toContain('Microsoft 365 tenant oakwoodcare.onmicrosoft.com');
    expect(t).toContain('Collected 1 March 2026, 10:20:00–10:20:41 UTC');
    expect(t).toContain('DMARC policy is quarantine (100%) with aggregate reports');
    expect(t).toContain('How to fix: Move to p=reject');
    expect(t).toContain('Not assessable: not collected in this run.');
    expect(t).toContain('raw/domain-oakwood-care.org.uk.json');
    expect(t).not.toContain('Changes since cycle');
  });

  it('adds the year-on-year page when a comparison is given', async () => {
    const m = model();
    const previous = m.technical.runs.map((r) => ({
      ...r,
      findings: r.findings.map((f) => (f.check === 'dns.mta-sts' ? { ...f, status: 'pass' as const, summary: 'MTA-STS enforce' } : f)),
    }));
    const withYoy = { ...m, technical: { ...m.technical, yearOnYear: diffFindings(previous, m.technical.runs, '2025') } };
    const t = squash(text(save(await renderTechnicalReportBytes(withYoy))));
    expect(t).toContain('Changes since cycle 2025');
    expect(t).toMatch(/2 regressed, 0 not comparable \(one of the two could not be assessed\), 0 improved/);
    expect(t).toContain('MTA-STS enforce → No MTA-STS policy is published');
  });
});

describe('evidence-index.pdf', () => {
  it('lists each requirement’s evidence with title, date, bundle path and the full SHA-256', async () => {
    const m = model();
    const paths = new Map(
      m.requirements.flatMap((r) => r.evidence.map((e) => [e.sha256, `evidence/${e.fileName.replace(/ /g, '-')}`] as const)),
    );
    const t = text(save(await renderEvidenceIndexBytes(m, { paths })));
    for (const r of m.requirements.filter((x) => x.evidence.length)) {
      expect(t).toContain(r.id);
      for (const e of r.evidence) {
        expect(t).toContain(e.title);
        expect(t).toContain(e.sha256.slice(0, 32));
        expect(t).toContain(e.sha256.slice(32));
      }
    }
    expect(t).toContain('evidence/Incident-procedure-v3.2.pdf');
    expect(t).toContain('10 February 2026');
    expect(squash(t)).toMatch(/Requirements without evidence files ELIG-01, ELIG-03, TECH-01/);
  });
});

describe('a model built from anything', () => {
  it('renders a minimal model with no evidence, no runs and no bundle', async () => {
    const minimal = StatementModel.parse({
      organisation: {
        legalName: 'Tiny Care',
        odsCode: 'AB1',
        domains: ['tiny.org.uk'],
        route: 'google',
        emailServiceProvider: 'Google Workspace',
        dspt: { status: 'not-published' },
      },
      catalogue: { version: '1' },
      assessment: { id: 'a1', cycle: '2026' },
      requirements: [
        { id: 'ELIG-01', title: 'Active ODS code', section: 'Eligibility', obligation: 'required', provenance: 'nhs', result: 'met' },
      ],
      technical: {},
      dataLocation: { processedOutsideUk: true, where: 'EU (Ireland)' },
      signOffs: {},
      generatedAt: '2026-03-02T10:00:00Z',
      appVersion: '0.1.0',
    });
    const t = squash(text(save(await renderStatementBytes(minimal))));
    expect(t).toContain('Assigned when the bundle is exported');
    expect(t).toContain('No automated check results were recorded');
    expect(t).toContain('EU (Ireland)');
    expect(sampleStatement().sample).toBe(true);
  });
});
