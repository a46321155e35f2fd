import type { Font as FontkitFont } from '@pdf-lib/fontkit';
import { FONT_FILES, type FontBytes, type FontKey } from '../fonts';
import { fontkit, pdfLib, type PDFDocument, type PDFFont, type PDFPage, type RGB } from '../pdf-lib';
import { A4, colours, page as layout, tones, type as typeScale, type Tone } from './theme';

// A small flow-layout engine over pdf-lib: a cursor that moves down the page, paragraphs that wrap and
// break across pages, tables whose header repeats and whose tall rows split, and page furniture (header,
// footer, page numbers, watermarks) drawn once the page count is known. The three documents are written
// against this, so they share one look.

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
  | { kind: 'text'; text: string; font: PDFFont; size: number; color: RGB; height: number }
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

  // Characters the embedded font cannot draw become "?" rather than an invisible box, and control
  // characters (other than newlines) are dropped: user text is printed as typed, never interpreted.
  clean(text: string, font: FontKey): string {
    const f = this.coverage[font];
    let out = '';
    for (const ch of text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
      const cp = ch.codePointAt(0)!;
      if (ch === '\n') out += ch;
      else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
      else out += f.hasGlyphForCodePoint(cp) ? ch : '?';
    }
    return out;
  }

  textWidth(text: string, font: FontKey, size: number): number {
    return this.fonts[font].widthOfTextAtSize(text, size);
  }

  wrap(text: string, font: FontKey, size: number, maxWidth: number): string[] {
    const f = this.fonts[font];
    const fits = (s: string) => f.widthOfTextAtSize(s, size) <= maxWidth;
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
          // Prefer to break after a separator (a dot in a host name, a slash in a path) when one is near.
          const sep = Math.max(...['.', '-', '/', '_', '@', ':'].map((c) => word.lastIndexOf(c, lo - 1)));
          const cut = sep >= lo * 0.6 ? sep + 1 : lo;
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
        const size = 7;
        const text = this.clean(b.text, 'semibold');
        out.push({
          kind: 'badge',
          text,
          tone: b.tone,
          font: this.fonts.semibold,
          size,
          height: size + 7,
          width: this.fonts.semibold.widthOfTextAtSize(text, size) + 10,
        });
        continue;
      }
      const font = b.style?.font ?? 'regular';
      const size = b.style?.size ?? typeScale.body;
      const color = b.style?.color ?? colours.body;
      const height = size * (b.style?.lineFactor ?? typeScale.lineFactor);
      for (const text of this.wrap(b.text, font, size, width))
        out.push({ kind: 'text', text, font: this.fonts[font], size, color, height });
    }
    return out;
  }

  private static height(lines: Line[]): number {
    return lines.reduce((h, l) => h + l.height, 0);
  }

  private drawLines(lines: Line[], x: number, top: number): void {
    let y = top;
    for (const l of lines) {
      if (l.kind === 'text') {
        const baseline = y - l.height / 2 - l.size * 0.34;
        if (l.text) this.page.drawText(l.text, { x, y: baseline, size: l.size, font: l.font, color: l.color });
      } else if (l.kind === 'badge') {
        const h = l.size + 5;
        const yTop = y - (l.height - h) / 2;
        this.roundedRect(x, yTop, l.width, h, h / 2, tones[l.tone].bg);
        this.page.drawText(l.text, { x: x + 5, y: yTop - h / 2 - l.size * 0.34, size: l.size, font: l.font, color: tones[l.tone].fg });
      }
      y -= l.height;
    }
  }

  roundedRect(x: number, top: number, w: number, h: number, r: number, color: RGB, border?: RGB): void {
    const rr = Math.min(r, h / 2, w / 2);
    const path = `M ${rr} 0 H ${w - rr} A ${rr} ${rr} 0 0 1 ${w} ${rr} V ${h - rr} A ${rr} ${rr} 0 0 1 ${w - rr} ${h} H ${rr} A ${rr} ${rr} 0 0 1 0 ${h - rr} V ${rr} A ${rr} ${rr} 0 0 1 ${rr} 0 Z`;
    this.page.drawSvgPath(path, { x, y: top, color, ...(border ? { borderColor: border, borderWidth: 0.6 } : {}) });
  }

  // Flowing text: wraps to the column and continues on the next page line by line.
  paragraph(blocks: Block[] | string, opts: { indent?: number; width?: number } = {}): void {
    const x = this.left + (opts.indent ?? 0);
    const width = opts.width ?? this.right - x;
    const lines = this.layout(typeof blocks === 'string' ? [t(blocks)] : blocks, width);
    for (const l of lines) {
      this.ensure(l.height);
      this.drawLines([l], x, this.y);
      this.y -= l.height;
    }
  }

  heading(text: string, level: 1 | 2 | 3 = 1, opts: { keepWith?: number } = {}): void {
    const size = level === 1 ? typeScale.h2 : level === 2 ? typeScale.h3 : typeScale.body;
    const font: FontKey = level === 3 ? 'semibold' : 'bold';
    const before = level === 1 ? 16 : level === 2 ? 11 : 7;
    const lines = this.wrap(text, font, size, this.width);
    const h = lines.length * size * 1.3 + (level === 1 ? 7 : 3);
    // Never leave a heading alone at the bottom of a page.
    if (!this.ensure(before + h + (opts.keepWith ?? 40))) this.y -= before;
    for (const line of lines) {
      this.page.drawText(line, {
        x: this.left,
        y: this.y - size,
        size,
        font: this.fonts[font],
        color: level === 3 ? colours.ink : colours.accent,
      });
      this.y -= size * 1.3;
    }
    if (level === 1) {
      this.y -= 3;
      this.page.drawLine({
        start: { x: this.left, y: this.y },
        end: { x: this.right, y: this.y },
        thickness: 0.8,
        color: colours.accent,
        opacity: 0.5,
      });
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
    this.page.drawRectangle({ x: this.left, y: this.y - h, width: this.width, height: h, color: tones[tone].bg });
    this.page.drawRectangle({ x: this.left, y: this.y - h, width: 3, height: h, color: tones[tone].fg });
    this.drawLines(lines, this.left + 3 + pad, this.y - pad);
    this.y -= h;
  }

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
      { header: false },
    );
  }

  table(columns: Column[], rows: Row[], opts: { header?: boolean; fontSize?: number } = {}): void {
    const showHeader = opts.header !== false;
    const xs: number[] = [];
    let acc = this.left;
    for (const c of columns) {
      xs.push(acc);
      acc += c.width * this.width;
    }
    const widths = columns.map((c) => c.width * this.width);
    const headerLines = columns.map((c, i) =>
      this.layout([t(c.header.toUpperCase(), { font: 'semibold', size: 6.8, color: colours.muted })], widths[i]! - CELL_PAD_X * 2),
    );
    const headerH = showHeader ? Math.max(...headerLines.map(DocBuilder.height)) + CELL_PAD_Y * 2 : 0;
    const drawHeader = () => {
      if (!showHeader) return;
      this.page.drawRectangle({ x: this.left, y: this.y - headerH, width: this.width, height: headerH, color: colours.headerFill });
      headerLines.forEach((lines, i) => this.drawLines(lines, xs[i]! + CELL_PAD_X, this.y - CELL_PAD_Y));
      this.y -= headerH;
      this.hline(colours.ruleStrong, 0.7);
    };
    const minRow = 14 + CELL_PAD_Y * 2;
    const pageRoom = layout.contentTop - layout.contentBottom - headerH;
    const groupLayout = (row: Extract<Row, { group: string }>) => {
      const lines = this.layout([t(row.group, { font: 'semibold', size: 8.4, color: colours.ink })], this.width - CELL_PAD_X * 2);
      const noteLines = row.note
        ? this.layout([t(row.note, { size: typeScale.tiny, color: colours.muted })], this.width - CELL_PAD_X * 2)
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
          this.page.drawRectangle({ x: this.left, y: this.y - h, width: this.width, height: h, color: colours.groupFill });
          this.drawLines([...lines, ...noteLines], this.left + CELL_PAD_X, this.y - CELL_PAD_Y);
          this.y -= h;
          this.hline(colours.rule, 0.5);
          return;
        }
        let pending = row.cells.map((blocks, i) => this.layout(blocks, widths[i]! - CELL_PAD_X * 2));
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
          if (row.fill) this.page.drawRectangle({ x: this.left, y: this.y - h, width: this.width, height: h, color: row.fill });
          now.forEach((lines, i) => this.drawLines(lines, xs[i]! + CELL_PAD_X, this.y - CELL_PAD_Y));
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
    this.page.drawLine({ start: { x: this.left, y: this.y }, end: { x: this.right, y: this.y }, thickness, color });
  }

  // Page furniture, drawn once every page exists, then the document metadata.
  finish(): PDFDocument {
    const pages = this.doc.getPages();
    const o = this.options;
    pages.forEach((p, i) => {
      const small = 7.2;
      const header = (text: string, font: FontKey, x: number | 'right') => {
        const clean = this.clean(text, font);
        const w = this.fonts[font].widthOfTextAtSize(clean, small);
        p.drawText(clean, {
          x: x === 'right' ? this.right - w : x,
          y: layout.headerBaseline,
          size: small,
          font: this.fonts[font],
          color: colours.muted,
        });
      };
      header(o.header.left, 'semibold', this.left);
      header(o.header.right, 'regular', 'right');
      if (o.header.flag) {
        const flag = this.clean(o.header.flag.text, 'bold');
        const fw = this.fonts.bold.widthOfTextAtSize(flag, small);
        p.drawText(flag, {
          x: (A4.width - fw) / 2,
          y: layout.headerBaseline,
          size: small,
          font: this.fonts.bold,
          color: o.header.flag.colour,
        });
      }
      p.drawLine({
        start: { x: this.left, y: layout.headerRule },
        end: { x: this.right, y: layout.headerRule },
        thickness: 0.5,
        color: colours.rule,
      });
      p.drawLine({
        start: { x: this.left, y: layout.footerRule },
        end: { x: this.right, y: layout.footerRule },
        thickness: 0.5,
        color: colours.rule,
      });
      o.footer.lines.forEach((line, n) => {
        const font: FontKey = line.mono ? 'mono' : 'regular';
        p.drawText(this.clean(line.text, font), {
          x: this.left,
          y: layout.footerBaseline - n * 9,
          size: 6.4,
          font: this.fonts[font],
          color: colours.muted,
        });
      });
      const label = `Page ${i + 1} of ${pages.length}`;
      const w = this.fonts.semibold.widthOfTextAtSize(label, small);
      p.drawText(label, { x: this.right - w, y: layout.footerBaseline, size: small, font: this.fonts.semibold, color: colours.muted });
      for (const wm of o.watermarks) this.watermark(p, wm);
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
    return this.doc;
  }

  private watermark(p: PDFPage, wm: Watermark): void {
    const font = this.fonts.bold;
    const angle = Math.atan2(A4.height, A4.width);
    const diagonal = Math.hypot(A4.width, A4.height);
    const size = Math.min(150, (diagonal * 0.72) / font.widthOfTextAtSize(wm.text, 1));
    const w = font.widthOfTextAtSize(wm.text, size);
    const capHeight = size * 0.7;
    const cx = A4.width / 2 - Math.sin(angle) * (wm.offset ?? 0);
    const cy = A4.height / 2 + Math.cos(angle) * (wm.offset ?? 0);
    const x = cx - Math.cos(angle) * (w / 2) + Math.sin(angle) * (capHeight / 2);
    const y = cy - Math.sin(angle) * (w / 2) - Math.cos(angle) * (capHeight / 2);
    p.drawText(wm.text, { x, y, size, font, color: wm.colour, opacity: wm.opacity, rotate: pdfLib.degrees((angle * 180) / Math.PI) });
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
