import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFontBytes } from '../fonts';
import { DocBuilder, t } from './doc-builder';

// Every character the app can print — in its strings, the probes' rule texts (the "Why:" lines with ✓ and
// ✗), the catalogue — has a glyph in the embedded fonts, so no document ever shows "?" for one of ours.
// The repository's own files are the oracle: a new string with a new symbol fails here until a font has it.

const ROOT = join(__dirname, '..', '..', '..');
const SOURCES = ['electron', 'shared', 'renderer/src', 'resources/catalogue'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : filesUnder(p);
    return /\.(ts|tsx|json)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

function charactersInUse(): Map<string, string> {
  const seen = new Map<string, string>();
  for (const f of SOURCES.flatMap((d) => filesUnder(join(ROOT, d))))
    for (const ch of readFileSync(f, 'utf8')) {
      const cp = ch.codePointAt(0)!;
      // Printable characters only; the builder drops control characters on purpose. Emoji variation
      // selectors and private-use code points are not text we print.
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe000 && cp <= 0xf8ff)) continue;
      if (!seen.has(ch)) seen.set(ch, f.slice(ROOT.length + 1));
    }
  return seen;
}

describe('glyph coverage', () => {
  const chars = charactersInUse();

  it('finds the symbols the rule texts use', () => {
    for (const ch of ['✓', '✗', '—', '→', '·', '…', '’']) expect(chars.has(ch), ch).toBe(true);
  });

  it.each(['regular', 'italic', 'semibold', 'bold', 'mono'] as const)(
    'the %s face (with the symbols fallback) draws every one',
    async (font) => {
      const b = await DocBuilder.create({
        fonts: loadFontBytes(),
        header: { left: '', right: '' },
        footer: { lines: [] },
        watermarks: [],
        meta: { title: 'Glyphs', author: 'test', subject: 'glyphs', keywords: [], creator: 'test', created: new Date(0) },
      });
      const missing = [...chars.entries()]
        .filter(([ch]) => !b.hasGlyph(font, ch.codePointAt(0)!))
        .map(([ch, f]) => `${ch} U+${ch.codePointAt(0)!.toString(16).toUpperCase()} (${f})`);
      expect(missing).toEqual([]);
    },
  );

  it('prints ✗ and ✓ in a Why: line, and poppler reads them back', async () => {
    const b = await DocBuilder.create({
      fonts: loadFontBytes(),
      header: { left: 'Header', right: 'Right' },
      footer: { lines: [{ text: 'Footer' }] },
      watermarks: [],
      meta: { title: 'Glyphs', author: 'test', subject: 'glyphs', keywords: [], creator: 'test', created: new Date(0) },
    });
    b.docTitle('Glyphs');
    const line = 'Why: ✗ p=none does not protect the domain; ✓ rua= is set → mailbox … “quoted” ★';
    b.paragraph([t(line)]);
    b.paragraph([t(line, { font: 'semibold' })]);
    const dir = mkdtempSync(join(tmpdir(), 'dcb-glyph-'));
    try {
      const path = join(dir, 'g.pdf');
      writeFileSync(path, await b.finish().save());
      const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
      expect(text.split(line).length - 1).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
