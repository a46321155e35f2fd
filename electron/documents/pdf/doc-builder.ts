import type { Font as FontkitFont } from '@pdf-lib/fontkit';
import { FONT_FILES, type FontBytes, type FontKey } from '../fonts';
import { fontkit, pdfLib, type PDFDocument, type PDFFont, type PDFPage, type RGB } from '../pdf-lib';
import { Tagger, type StructElem, type StructOptions, type StructType } from './tagging';
import { A4, colours, page as layout, tones, type as typeScale, type Tone } from './theme';

// A small flow-layout engine over pdf-lib: a cursor that moves down the page, paragraphs that wrap and
// break across pages, tables whose header repeats and whose tall rows split, and page furniture (header,
// footer, page numbers, watermarks) drawn once the page count is known. The documents are written
// against this, so they share one look. Everything it draws is tagged (tagging.ts): text as headings,
// paragraphs, lists, table cells and figures, decoration as artefacts, so the PDFs are accessible.

// Nothing we print is smaller than this (the reading of every page: 6.5 pt grey was unreadable).
export const MIN_TEXT_SIZE = 8;
const sz = (n: number) => Math.max(MIN_TEXT_SIZE, n);

// The faces that carry text; `symbols` fills in the glyphs they lack.
type TextFont = Exclude<FontKey, 'symbols'>;

export interface TextStyle {
  font?: FontKey;
  size?: number;
  color?: RGB;
  lineFactor?: number;
}

export type Block =
  | { kind: 'text'; text: string; style?: TextStyle; gapBefore?: number }
  | { kind: 'badge'; text: string; tone: Tone; gapBefore?: number }
  | { kind: 'space'; height: number };

type Line =
  | { kind: 'text'; text: string; font: FontKey; size: number; color: RGB; height: number }
  | { kind: 'badge'; text: string; tone: Tone; font: PDFFont; size: number; height: number; width: number }
  | { kind: 'space'; height: number };

export interface Column {
  header: string;
  // A fraction of the table width; the fractions of a table add up to 1.
  width: number;
}

export type Row = { cells: Block[][]; fill?: RGB } | { group: string; note?: string };

export interface Watermark {
  text: string;
  colour: RGB;
  opacity: number;
  // Vertical offset from the page centre, so two watermarks do not overlap.
  offset?: number;
}

export interface DocOptions {
  fonts: FontBytes;
  // `flag` is printed in the middle of every page's header (DRAFT, SAMPLE): the diagonal watermark is for
  // the eye, the flag survives text extraction and greyscale copies.
  header: { left: string; right: string; flag?: { text: string; colour: RGB } };
  footer: { lines: { text: string; mono?: boolean }[] };
  watermarks: Watermark[];
  meta: {
    title: string;
    author: string;
    subject: string;
    keywords: string[];
    creator: string;
    created: Date;
    // Extra Info dictionary entries (machine-readable facts the verifier reads back).
    custom?: Record<string, string>;
  };
}

export const t = (text: string, style?: TextStyle, gapBefore?: number): Block => ({ kind: 'text', text, style, gapBefore });
export const badge = (text: string, tone: Tone, gapBefore?: number): Block => ({ kind: 'badge', text, tone, gapBefore });

const CELL_PAD_X = 5;
const CELL_PAD_Y = 4;

export class DocBuilder {
  readonly doc: PDFDocument;
  readonly fonts: Record<FontKey, PDFFont>;
  private readonly coverage: Record<FontKey, FontkitFont>;
  private readonly options: DocOptions;
  page!: PDFPage;
  y = 0;
  readonly left = layout.marginX;
  readonly right = A4.width - layout.marginX;
  readonly tag = new Tagger();
  private pageBreakHook: (() => void) | undefined;

  private constructor(doc: PDFDocument, fonts: Record<FontKey, PDFFont>, coverage: Record<FontKey, FontkitFont>, options: DocOptions) {
    this.doc = doc;
    this.fonts = fonts;
    this.coverage = coverage;
    this.options = options;
    this.addPage();
  }

  static async create(options: DocOptions): Promise<DocBuilder> {
    // updateMetadata:false so pdf-lib neither stamps its own producer nor the wall-clock time: the same
    // model must give the same bytes.
    const doc = await pdfLib.PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(fontkit);
    const keys = Object.keys(FONT_FILES) as FontKey[];
    const fonts = {} as Record<FontKey, PDFFont>;
    const coverage = {} as Record<FontKey, FontkitFont>;
    for (const k of keys) {
      fonts[k] = await doc.embedFont(options.fonts[k], { subset: true });
      coverage[k] = fontkit.create(options.fonts[k]) as FontkitFont;
    }
    return new DocBuilder(doc, fonts, coverage, options);
  }

  get width(): number {
    return this.right - this.left;
  }

  addPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = layout.contentTop;
  }

  // Starts a new page if fewer than `h` points remain. Returns true when it did.
  ensure(h: number): boolean {
    if (this.y - h >= layout.contentBottom) return false;
    this.addPage();
    this.pageBreakHook?.();
    return true;
  }

  space(h: number): void {
    this.y -= h;
  }

  available(): number {
    return this.y - layout.contentBottom;
  }

  // Whether `font`, or the symbols fallback, can draw the character.
  hasGlyph(font: FontKey, cp: number): boolean {
    return this.coverage[font].hasGlyphForCodePoint(cp) || this.coverage.symbols.hasGlyphForCodePoint(cp);
  }

  // Characters no embedded font can draw become "?" rather than an invisible box (test/glyph-coverage.test.ts
  // proves none of ours do), and control characters (other than newlines) are dropped: user text is printed
  // as typed, never interpreted.
  clean(text: string, font: FontKey): string {
    let out = '';
    for (const ch of text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
      const cp = ch.codePointAt(0)!;
      if (ch === '\n') out += ch;
      else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
      else out += this.hasGlyph(font, cp) ? ch : '?';
    }
    return out;
  }

  // A line split into runs of the face and the symbols fallback (for characters the face lacks).
  runs(text: string, font: FontKey): [string, FontKey][] {
    const out: [string, FontKey][] = [];
    for (const ch of text) {
      const k: FontKey = this.coverage[font].hasGlyphForCodePoint(ch.codePointAt(0)!) ? font : 'symbols';
      const last = out[out.length - 1];
      if (last && last[1] === k) last[0] += ch;
      else out.push([ch, k]);
    }
    return out;
  }

  textWidth(text: string, font: FontKey, size: number): number {
    return this.runs(text, font).reduce((w, [s, k]) => w + this.fonts[k].widthOfTextAtSize(s, size), 0);
  }

  // Draws one line of (cleaned) text at a baseline, switching to the symbols face where needed. Returns its width.
  drawString(text: string, o: { x: number; y: number; size: number; font: FontKey; color: RGB; page?: PDFPage }): number {
    let x = o.x;
    for (const [s, k] of this.runs(text, o.font)) {
      (o.page ?? this.page).drawText(s, { x, y: o.y, size: o.size, font: this.fonts[k], color: o.color });
      x += this.fonts[k].widthOfTextAtSize(s, o.size);
    }
    return x - o.x;
  }

  wrap(text: string, font: FontKey, size: number, maxWidth: number): string[] {
    const fits = (s: string) => this.textWidth(s, font, size) <= maxWidth;
    const lines: string[] = [];
    for (const para of this.clean(text, font).split('\n')) {
      const words = para.split(/ +/).filter((w, _i, a) => w.length > 0 || a.length === 1);
      let line = '';
      for (let word of words) {
        const candidate = line ? `${line} ${word}` : word;
        if (fits(candidate)) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        // A token wider than the column (a hash, a URL, a long file name) breaks between characters.
        while (!fits(word) && word.length > 1) {
          let lo = 1;
          let hi = word.length - 1;
          while (lo < hi) {
            const mid = Math.ceil((lo + hi) / 2);
            if (fits(word.slice(0, mid))) lo = mid;
            else hi = mid - 1;
          }
          // Break after a separator (a dot between the labels of a host name, a slash in a path), so a
          // domain name is never split inside a label; only a token with no separator breaks anywhere.
          const sep = Math.max(...['.', '/', '@', ':', '_'].map((c) => word.lastIndexOf(c, lo - 1)));
          const dash = word.lastIndexOf('-', lo - 1);
          const cut = sep > 0 ? sep + 1 : dash >= lo * 0.6 ? dash + 1 : lo;
          lines.push(word.slice(0, cut));
          word = word.slice(cut);
        }
        line = word;
      }
      lines.push(line);
    }
    return lines;
  }

  private layout(blocks: Block[], width: number): Line[] {
    const out: Line[] = [];
    for (const b of blocks) {
      if (b.kind === 'space') {
        out.push({ kind: 'space', height: b.height });
        continue;
      }
      if (b.gapBefore) out.push({ kind: 'space', height: b.gapBefore });
      if (b.kind === 'badge') {
        const size = MIN_TEXT_SIZE;
        const text = this.clean(b.text, 'semibold');
        out.push({
          kind: 'badge',
          text,
          tone: b.tone,
          font: this.fonts.semibold,
          size,
          height: size + 7,
          width: this.textWidth(text, 'semibold', size) + 10,
        });
        continue;
      }
      const font = b.style?.font ?? 'regular';
      const size = sz(b.style?.size ?? typeScale.body);
      const color = b.style?.color ?? colours.body;
      const height = size * (b.style?.lineFactor ?? typeScale.lineFactor);
      for (const text of this.wrap(b.text, font, size, width)) out.push({ kind: 'text', text, font, size, color, height });
    }
    return out;
  }

  private static height(lines: Line[]): number {
    return lines.reduce((h, l) => h + l.height, 0);
  }

  // Text lines as content of `elem` (the current structure element); badge pills as artefacts.
  private drawLines(lines: Line[], x: number, top: number, elem: StructElem = this.tag.current): void {
    let y = top;
    for (const l of lines) {
      if (l.kind === 'text') {
        const baseline = y - l.height / 2 - l.size * 0.34;
        if (l.text)
          this.tag.content(this.page, () => this.drawString(l.text, { x, y: baseline, size: l.size, font: l.font, color: l.color }), elem);
      } else if (l.kind === 'badge') {
        const h = l.size + 5;
        const yTop = y - (l.height - h) / 2;
        this.roundedRect(x, yTop, l.width, h, h / 2, tones[l.tone].bg);
        this.tag.content(
          this.page,
          () =>
            this.drawString(l.text, { x: x + 5, y: yTop - h / 2 - l.size * 0.34, size: l.size, font: 'semibold', color: tones[l.tone].fg }),
          elem,
        );
      }
      y -= l.height;
    }
  }

  // Decoration (tagged as an artefact, so screen readers skip it).
  roundedRect(x: number, top: number, w: number, h: number, r: number, color: RGB, border?: RGB): void {
    const rr = Math.min(r, h / 2, w / 2);
    const path = `M ${rr} 0 H ${w - rr} A ${rr} ${rr} 0 0 1 ${w} ${rr} V ${h - rr} A ${rr} ${rr} 0 0 1 ${w - rr} ${h} H ${rr} A ${rr} ${rr} 0 0 1 0 ${h - rr} V ${rr} A ${rr} ${rr} 0 0 1 ${rr} 0 Z`;
    this.artifact(() => this.page.drawSvgPath(path, { x, y: top, color, ...(border ? { borderColor: border, borderWidth: 0.6 } : {}) }));
  }

  rect(x: number, y: number, width: number, height: number, color: RGB): void {
    this.artifact(() => this.page.drawRectangle({ x, y, width, height, color }));
  }

  artifact(draw: () => void): void {
    this.tag.artifact(this.page, draw);
  }

  // Drawing done by a document itself (tiles, signature boxes) as content of a new structure element.
  tagged(type: StructType, options: StructOptions, draw: () => void): void {
    this.tag.within(type, options, (e) => this.tag.content(this.page, draw, e));
  }

  // Flowing text: wraps to the column and continues on the next page line by line. One paragraph (P).
  paragraph(blocks: Block[] | string, opts: { indent?: number; width?: number; tag?: StructType } = {}): void {
    const x = this.left + (opts.indent ?? 0);
    const width = opts.width ?? this.right - x;
    const lines = this.layout(typeof blocks === 'string' ? [t(blocks)] : blocks, width);
    this.tag.within(opts.tag ?? 'P', {}, () => this.flow(lines, x));
  }

  // Lines one by one down the column, each moving to a new page when it does not fit.
  private flow(lines: Line[], x: number): void {
    for (const l of lines) {
      this.ensure(l.height);
      this.drawLines([l], x, this.y);
      this.y -= l.height;
    }
  }

  // A bulleted list (L > LI > Lbl + LBody). Each item is kept whole on a page when it fits.
  list(items: Block[][], opts: { bullet?: string; indent?: number } = {}): void {
    const indent = opts.indent ?? 12;
    const x = this.left + indent;
    const width = this.right - x;
    this.tag.within('L', {}, () => {
      for (const item of items) {
        const lines = this.layout(item, width);
        this.ensure(Math.min(DocBuilder.height(lines), layout.contentTop - layout.contentBottom));
        this.tag.within('LI', {}, () => {
          const first = lines.find((l) => l.kind === 'text') as Extract<Line, { kind: 'text' }> | undefined;
          if (first) {
            const lbl = this.tag.add('Lbl');
            const bullet = opts.bullet ?? '•';
            this.tag.content(
              this.page,
              () =>
                this.drawString(bullet, {
                  x: this.left + 2,
                  y: this.y - first.height / 2 - first.size * 0.34,
                  size: first.size,
                  font: 'regular',
                  color: colours.muted,
                }),
              lbl,
            );
          }
          this.tag.within('LBody', {}, () => this.flow(lines, x));
        });
      }
    });
  }

  // A picture that reads faster than text (a status strip, a trend). `alt` says what it shows in words;
  // the drawing is one marked-content sequence of the Figure, kept on one page.
  figure(alt: string, height: number, draw: (x: number, top: number, width: number) => void): void {
    this.ensure(height);
    const top = this.y;
    this.tag.within('Figure', { alt, bbox: [this.left, top - height, this.right, top] }, (e) =>
      this.tag.content(this.page, () => draw(this.left, top, this.width), e),
    );
    this.y -= height;
  }

  // The document's title: the one H1, and the first bookmark.
  docTitle(text: string, size = 21): void {
    const lines = this.wrap(text, 'bold', size, this.width);
    this.tag.bookmark(text, 1, this.page, this.y);
    this.tag.within('H1', {}, () => {
      for (const line of lines) {
        this.ensure(size * 1.2);
        this.tag.content(this.page, () =>
          this.drawString(line, { x: this.left, y: this.y - size, size, font: 'bold', color: colours.ink }),
        );
        this.y -= size * 1.2;
      }
    });
  }

  // Section headings: level 1 is H2 (under the document's H1), with a bookmark for levels 1 and 2.
  heading(text: string, level: 1 | 2 | 3 = 1, opts: { keepWith?: number } = {}): void {
    const size = level === 1 ? typeScale.h2 : level === 2 ? typeScale.h3 : typeScale.body;
    const font: TextFont = level === 3 ? 'semibold' : 'bold';
    const before = level === 1 ? 16 : level === 2 ? 11 : 7;
    const lines = this.wrap(text, font, size, this.width);
    const h = lines.length * size * 1.3 + (level === 1 ? 7 : 3);
    // Keep-with-next: never leave a heading alone at the bottom of a page.
    if (!this.ensure(before + h + (opts.keepWith ?? 40))) this.y -= before;
    if (level < 3) this.tag.bookmark(text, level + 1, this.page, this.y);
    const type: StructType = level === 1 ? 'H2' : level === 2 ? 'H3' : 'H4';
    this.tag.within(type, {}, () => {
      for (const line of lines) {
        this.tag.content(this.page, () =>
          this.drawString(line, { x: this.left, y: this.y - size, size, font, color: level === 3 ? colours.ink : colours.accent }),
        );
        this.y -= size * 1.3;
      }
    });
    if (level === 1) {
      this.y -= 3;
      this.artifact(() =>
        this.page.drawLine({
          start: { x: this.left, y: this.y },
          end: { x: this.right, y: this.y },
          thickness: 0.8,
          color: colours.accent,
          opacity: 0.5,
        }),
      );
      this.y -= 4;
    } else this.y -= 3;
  }

  // A tinted box with an accent bar, for notices (draft status, what the seal means). Kept on one page.
  callout(blocks: Block[], tone: Tone): void {
    const pad = 8;
    const width = this.width - pad * 2 - 3;
    const lines = this.layout(blocks, width);
    const h = DocBuilder.height(lines) + pad * 2;
    this.ensure(Math.min(h, layout.contentTop - layout.contentBottom));
    this.rect(this.left, this.y - h, this.width, h, tones[tone].bg);
    this.rect(this.left, this.y - h, 3, h, tones[tone].fg);
    this.tag.within('P', {}, () => this.drawLines(lines, this.left + 3 + pad, this.y - pad));
    this.y -= h;
  }

  // Label/value rows: a two-column table whose labels are row headers.
  keyValues(rows: [string, Block[] | string][], opts: { labelWidth?: number } = {}): void {
    const lw = opts.labelWidth ?? 0.28;
    this.table(
      [
        { header: '', width: lw },
        { header: '', width: 1 - lw },
      ],
      rows.map(([k, v]) => ({
        cells: [[t(k, { font: 'semibold', size: typeScale.small + 0.4, color: colours.muted })], typeof v === 'string' ? [t(v)] : v],
      })),
      { header: false, rowHeaders: true },
    );
  }

  // A table (Table > TR > TH/TD): the header row is tagged once and repeated on later pages as an artefact;
  // a group heading row is one cell spanning the table.
  table(columns: Column[], rows: Row[], opts: { header?: boolean; fontSize?: number; rowHeaders?: boolean } = {}): void {
    const tableElem = this.tag.open('Table');
    try {
      this.tableBody(columns, rows, opts, tableElem);
    } finally {
      this.tag.close(tableElem);
    }
  }

  private tableBody(columns: Column[], rows: Row[], opts: { header?: boolean; rowHeaders?: boolean }, tableElem: StructElem): void {
    const showHeader = opts.header !== false;
    const xs: number[] = [];
    let acc = this.left;
    for (const c of columns) {
      xs.push(acc);
      acc += c.width * this.width;
    }
    const widths = columns.map((c) => c.width * this.width);
    const headerLines = columns.map((c, i) =>
      this.layout(
        [t(c.header.toUpperCase(), { font: 'semibold', size: MIN_TEXT_SIZE, color: colours.muted })],
        widths[i]! - CELL_PAD_X * 2,
      ),
    );
    const headerH = showHeader ? Math.max(...headerLines.map(DocBuilder.height)) + CELL_PAD_Y * 2 : 0;
    let headerTagged = false;
    const drawHeader = () => {
      if (!showHeader) return;
      this.rect(this.left, this.y - headerH, this.width, headerH, colours.headerFill);
      if (headerTagged)
        this.artifact(() => headerLines.forEach((lines, i) => this.drawLines(lines, xs[i]! + CELL_PAD_X, this.y - CELL_PAD_Y)));
      else {
        const tr = this.tag.add('TR', {}, tableElem);
        headerLines.forEach((lines, i) =>
          this.drawLines(lines, xs[i]! + CELL_PAD_X, this.y - CELL_PAD_Y, this.tag.add('TH', { scope: 'Column' }, tr)),
        );
        headerTagged = true;
      }
      this.y -= headerH;
      this.hline(colours.ruleStrong, 0.7);
    };
    const minRow = 14 + CELL_PAD_Y * 2;
    const pageRoom = layout.contentTop - layout.contentBottom - headerH;
    const groupLayout = (row: Extract<Row, { group: string }>) => {
      const lines = this.layout([t(row.group, { font: 'semibold', size: 8.6, color: colours.ink })], this.width - CELL_PAD_X * 2);
      const noteLines = row.note
        ? this.layout([t(row.note, { size: MIN_TEXT_SIZE, color: colours.muted })], this.width - CELL_PAD_X * 2)
        : [];
      return { lines, noteLines, h: DocBuilder.height(lines) + DocBuilder.height(noteLines) + CELL_PAD_Y * 2 };
    };
    // What must follow a header or a group heading on the same page: the next row whole when it fits on a
    // page (rows taller than a page split anyway), so neither is ever left alone at the foot of a page.
    const keepHeight = (row: Row | undefined): number => {
      if (!row) return 0;
      if ('group' in row) return Math.min(groupLayout(row).h + keepHeight(rows[rows.indexOf(row) + 1]), pageRoom);
      const full =
        Math.max(...row.cells.map((blocks, i) => DocBuilder.height(this.layout(blocks, widths[i]! - CELL_PAD_X * 2)))) + CELL_PAD_Y * 2;
      return full <= pageRoom ? full : minRow;
    };
    this.ensure(headerH + Math.max(minRow, Math.min(keepHeight(rows[0]), pageRoom)));
    drawHeader();
    const previousHook = this.pageBreakHook;
    this.pageBreakHook = drawHeader;
    try {
      rows.forEach((row, index) => {
        if ('group' in row) {
          const { lines, noteLines, h } = groupLayout(row);
          const next = rows[index + 1];
          this.ensure(Math.min(h + (next && !('group' in next) ? keepHeight(next) : 0), pageRoom));
          this.rect(this.left, this.y - h, this.width, h, colours.groupFill);
          const tr = this.tag.add('TR', {}, tableElem);
          this.drawLines(
            [...lines, ...noteLines],
            this.left + CELL_PAD_X,
            this.y - CELL_PAD_Y,
            this.tag.add('TD', { colSpan: columns.length }, tr),
          );
          this.y -= h;
          this.hline(colours.rule, 0.5);
          return;
        }
        let pending = row.cells.map((blocks, i) => this.layout(blocks, widths[i]! - CELL_PAD_X * 2));
        const tr = this.tag.add('TR', {}, tableElem);
        const cellElems = row.cells.map((_c, i) =>
          this.tag.add(opts.rowHeaders && i === 0 ? 'TH' : 'TD', opts.rowHeaders && i === 0 ? { scope: 'Row' } : {}, tr),
        );
        const full = Math.max(...pending.map(DocBuilder.height)) + CELL_PAD_Y * 2;
        // Keep a row whole when it fits on a fresh page; split only rows taller than a page.
        if (full > this.available() && full <= layout.contentTop - layout.contentBottom - headerH) this.ensure(full);
        while (pending.some((p) => p.length > 0)) {
          if (this.available() < minRow) this.ensure(minRow);
          const room = this.available() - CELL_PAD_Y * 2;
          const now: Line[][] = [];
          const later: Line[][] = [];
          for (const lines of pending) {
            let h = 0;
            let n = 0;
            while (n < lines.length && h + lines[n]!.height <= room) h += lines[n++]!.height;
            now.push(lines.slice(0, n));
            later.push(lines.slice(n));
          }
          const h = Math.max(...now.map(DocBuilder.height)) + CELL_PAD_Y * 2;
          if (row.fill) this.rect(this.left, this.y - h, this.width, h, row.fill);
          now.forEach((lines, i) => this.drawLines(lines, xs[i]! + CELL_PAD_X, this.y - CELL_PAD_Y, cellElems[i]));
          this.y -= h;
          this.hline(colours.rule, 0.5);
          pending = later;
          if (pending.some((p) => p.length > 0)) this.ensure(layout.contentTop);
        }
      });
    } finally {
      this.pageBreakHook = previousHook;
    }
  }

  hline(color: RGB = colours.rule, thickness = 0.5): void {
    this.artifact(() => this.page.drawLine({ start: { x: this.left, y: this.y }, end: { x: this.right, y: this.y }, thickness, color }));
  }

  // Page furniture, drawn once every page exists, then the document metadata and the structure tree.
  // Headers, footers and watermarks are pagination artefacts: a reader skips them.
  finish(): PDFDocument {
    const pages = this.doc.getPages();
    const o = this.options;
    const small = MIN_TEXT_SIZE;
    pages.forEach((p, i) => {
      this.page = p;
      this.tag.artifact(
        p,
        () => {
          const header = (text: string, font: TextFont, x: number | 'right') => {
            const clean = this.clean(text, font);
            const w = this.textWidth(clean, font, small);
            this.drawString(clean, {
              x: x === 'right' ? this.right - w : x,
              y: layout.headerBaseline,
              size: small,
              font,
              color: colours.muted,
            });
          };
          header(o.header.left, 'semibold', this.left);
          header(o.header.right, 'regular', 'right');
          if (o.header.flag) {
            const flag = this.clean(o.header.flag.text, 'bold');
            const fw = this.textWidth(flag, 'bold', small);
            // Centred when it fits between the left and right texts; otherwise on its own line above them.
            const leftEnd = this.left + this.textWidth(this.clean(o.header.left, 'semibold'), 'semibold', small);
            const rightStart = this.right - this.textWidth(this.clean(o.header.right, 'regular'), 'regular', small);
            const cx = (A4.width - fw) / 2;
            const fits = cx > leftEnd + 10 && cx + fw < rightStart - 10;
            this.drawString(flag, {
              x: fits ? cx : this.left,
              y: fits ? layout.headerBaseline : layout.headerBaseline + 11,
              size: small,
              font: 'bold',
              color: o.header.flag.colour,
            });
          }
          for (const y of [layout.headerRule, layout.footerRule])
            p.drawLine({ start: { x: this.left, y }, end: { x: this.right, y }, thickness: 0.5, color: colours.rule });
          o.footer.lines.forEach((line, n) => {
            const font: TextFont = line.mono ? 'mono' : 'regular';
            this.drawString(this.clean(line.text, font), {
              x: this.left,
              y: layout.footerBaseline - n * 10,
              size: small,
              font,
              color: colours.muted,
            });
          });
          const label = `Page ${i + 1} of ${pages.length}`;
          const w = this.textWidth(label, 'semibold', small);
          this.drawString(label, { x: this.right - w, y: layout.footerBaseline, size: small, font: 'semibold', color: colours.muted });
        },
        'Pagination',
      );
      for (const wm of o.watermarks) this.tag.artifact(p, () => this.watermark(p, wm), 'Pagination');
    });
    this.doc.setTitle(o.meta.title, { showInWindowTitleBar: true });
    this.doc.setAuthor(o.meta.author);
    this.doc.setSubject(o.meta.subject);
    this.doc.setKeywords(o.meta.keywords);
    this.doc.setCreator(o.meta.creator);
    this.doc.setProducer(o.meta.creator);
    this.doc.setCreationDate(o.meta.created);
    this.doc.setModificationDate(o.meta.created);
    this.doc.setLanguage('en-GB');
    if (o.meta.custom) {
      const info = infoDict(this.doc);
      for (const [k, v] of Object.entries(o.meta.custom)) info.set(pdfLib.PDFName.of(k), pdfLib.PDFString.of(v));
    }
    this.tag.finish(this.doc);
    return this.doc;
  }

  // The watermark is drawn as glyph outlines, not text: it is for the eye only, so text extraction and
  // screen readers never see its letters inside the words underneath (the header flag carries the words).
  private watermark(p: PDFPage, wm: Watermark): void {
    const face = this.coverage.bold;
    const run = face.layout(wm.text);
    const advance = run.glyphs.reduce((a, _g, i) => a + run.positions[i]!.xAdvance, 0);
    const unitsToWidth = (size: number) => (advance / face.unitsPerEm) * size;
    const angle = Math.atan2(A4.height, A4.width);
    const diagonal = Math.hypot(A4.width, A4.height);
    const size = Math.min(150, (diagonal * 0.72) / unitsToWidth(1));
    const w = unitsToWidth(size);
    const capHeight = size * 0.7;
    const cx = A4.width / 2 - Math.sin(angle) * (wm.offset ?? 0);
    const cy = A4.height / 2 + Math.cos(angle) * (wm.offset ?? 0);
    const x = cx - Math.cos(angle) * (w / 2) + Math.sin(angle) * (capHeight / 2);
    const y = cy - Math.sin(angle) * (w / 2) - Math.cos(angle) * (capHeight / 2);
    // One SVG path in font units. drawSvgPath flips y (SVG is y-down), so the outline's y is negated here.
    let pen = 0;
    let d = '';
    const letters: Record<string, string> = { moveTo: 'M', lineTo: 'L', quadraticCurveTo: 'Q', bezierCurveTo: 'C', closePath: 'Z' };
    run.glyphs.forEach((g, i) => {
      // fontkit's Path keeps its drawing commands in `commands` (not in its type declarations).
      for (const c of (g.path as unknown as { commands: { command: string; args: number[] }[] }).commands) {
        const pts: number[] = [];
        for (let k = 0; k < c.args.length; k += 2) pts.push(c.args[k]! + pen, -c.args[k + 1]!);
        d += `${letters[c.command] ?? ''}${pts.map((n) => n.toFixed(1)).join(' ')} `;
      }
      pen += run.positions[i]!.xAdvance;
    });
    const scale = size / face.unitsPerEm;
    p.drawSvgPath(d, {
      x,
      y,
      scale,
      rotate: pdfLib.degrees((angle * 180) / Math.PI),
      color: wm.colour,
      opacity: wm.opacity,
      borderWidth: 0,
    });
  }
}

// pdf-lib keeps the Info dictionary accessor private; setTitle() above guarantees it exists.
function infoDict(doc: PDFDocument) {
  const info = doc.context.lookup(doc.context.trailerInfo.Info);
  if (!(info instanceof pdfLib.PDFDict)) throw new Error('The PDF has no Info dictionary');
  return info;
}

// Reads a custom Info entry back (the verifier and the tests use it).
export function readInfoString(doc: PDFDocument, key: string): string | undefined {
  const info = doc.context.lookup(doc.context.trailerInfo.Info);
  if (!(info instanceof pdfLib.PDFDict)) return undefined;
  const v = info.get(pdfLib.PDFName.of(key));
  if (v instanceof pdfLib.PDFString || v instanceof pdfLib.PDFHexString) return v.decodeText();
  return undefined;
}
