import { describe, expect, it } from 'vitest';
import { defaultBundleFileName, evidencePath, newBundleId, nextFreeBundlePath, safeFileName, shouldDeflate } from './names';

const sha = 'ab'.repeat(32);

describe('safeFileName / evidencePath', () => {
  it.each([
    ['Incident procedure v3.2.pdf', 'evidence/Incident-procedure-v3.2-abababababab.pdf'],
    ['../../etc/passwd', 'evidence/passwd-abababababab'],
    ['C:\\Users\\me\\Policy.DOCX', 'evidence/C-Users-me-Policy-abababababab.docx'],
    ['Café crème — résumé.pdf', 'evidence/Cafe-creme-resume-abababababab.pdf'],
    ['CON.txt', 'evidence/_CON-abababababab.txt'],
    ['nul', 'evidence/_nul-abababababab'],
    ['.hidden', 'evidence/hidden-abababababab'],
    ['画像.png', 'evidence/file-abababababab.png'],
    ['report.tar.gz', 'evidence/report.tar-abababababab.gz'],
    ['weird.ext with space', 'evidence/weird-abababababab'],
    ['line\nbreak\t"quotes"*?.pdf', 'evidence/line-break-quotes-abababababab.pdf'],
    [`${'a'.repeat(300)}.pdf`, `evidence/${'a'.repeat(80)}-abababababab.pdf`],
  ])('%j → %s', (name, expected) => {
    const p = evidencePath(name, sha);
    expect(p).toBe(expected);
    expect(p).toMatch(/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/);
  });

  it('never yields an empty or dot-only stem', () => {
    for (const n of ['', '...', '---', '.pdf', '🙂']) expect(safeFileName(n).stem).toMatch(/^[A-Za-z0-9_]/);
  });
});

describe('bundle names', () => {
  it('makes readable bundle IDs and file names', () => {
    const at = new Date('2026-03-02T14:30:00Z');
    expect(newBundleId('VN3K7', at, Buffer.from([0x7f, 0x3a, 0x9c, 0x21]))).toBe('DCB1596-VN3K7-20260302-7F3A9C21');
    expect(defaultBundleFileName('1-ABC123', at)).toBe('DCB1596-1-ABC123-2026-03-02.zip');
  });

  it('never reuses an existing name: -v2, -v3 …', () => {
    const taken = new Set(['/o/B.zip', '/o/B-v2.zip']);
    expect(nextFreeBundlePath('/o/A.zip', (p) => taken.has(p))).toBe('/o/A.zip');
    expect(nextFreeBundlePath('/o/B.zip', (p) => taken.has(p))).toBe('/o/B-v3.zip');
    expect(nextFreeBundlePath('/o/B-v2.zip', (p) => taken.has(p))).toBe('/o/B-v3.zip');
  });

  it.each([
    ['manifest.json', true],
    ['SHA256SUMS', true],
    ['audit-log.jsonl', true],
    ['VERIFY.txt', true],
    ['statement.pdf', false],
    ['evidence/a.png', false],
    ['evidence/a.docx', false],
    ['evidence/a.bin', false],
  ])('compresses %s: %s', (path, deflate) => expect(shouldDeflate(path)).toBe(deflate));
});
