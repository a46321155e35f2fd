import { pdfLib, type PDFDocument, type PDFPage } from '../pdf-lib';

// Tagged PDF (ISO 32000-1 §14.7–14.8, the structure PDF/UA relies on) written through pdf-lib's low-level
// objects, since pdf-lib has no tagging API of its own. Every piece of page content is either marked content
// with an MCID that a structure element owns (headings, paragraphs, tables, lists, figures), or an
// /Artifact (page furniture, backgrounds, rules, watermarks), so a screen reader reads the document in order
// and skips the decoration. finish() writes the StructTreeRoot, its ParentTree, MarkInfo and the outline
// (bookmarks) built from the headings.

export type StructType =
  | 'Document'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'H4'
  | 'P'
  | 'Span'
  | 'Table'
  | 'THead'
  | 'TBody'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Figure'
  | 'Caption';

export interface StructOptions {
  // Figures must say what they show (PDF/UA-1 7.3).
  alt?: string;
  // Table attributes: header scope, or a cell that spans the whole row (a group heading).
  scope?: 'Column' | 'Row';
  colSpan?: number;
  // Layout bounding box of a figure, in page coordinates: [x1, y1, x2, y2].
  bbox?: [number, number, number, number];
}

export interface StructElem {
  type: StructType;
  options: StructOptions;
  kids: (StructElem | { page: PDFPage; mcid: number })[];
}

interface Bookmark {
  title: string;
  level: number;
  page: PDFPage;
  top: number;
}

const op = (name: string, args: Parameters<typeof pdfLib.PDFOperator.of>[1] = []) =>
  pdfLib.PDFOperator.of(name as Parameters<typeof pdfLib.PDFOperator.of>[0], args);

// An inline property dictionary for BDC. pdf-lib's operator type omits dictionaries, but it writes any
// object through toString(), which gives "<< /MCID 0 >>".
const props = (page: PDFPage, o: { MCID: number } | { Type: string }) =>
  page.doc.context.obj(o) as unknown as Parameters<typeof pdfLib.PDFOperator.of>[1] extends (infer A)[] | undefined ? A : never;

export class Tagger {
  readonly root: StructElem = { type: 'Document', options: {}, kids: [] };
  private readonly stack: StructElem[] = [this.root];
  // Per page, the element that owns each MCID (index = MCID): the page's entry in the ParentTree.
  private readonly owners = new Map<PDFPage, StructElem[]>();
  private readonly bookmarks: Bookmark[] = [];
  // Nested marked content is not allowed to interleave: content inside an artifact stays artifact.
  private depth = 0;

  get current(): StructElem {
    return this.stack[this.stack.length - 1]!;
  }

  // A new element as the last child of the current one; open() also makes it current until close().
  add(type: StructType, options: StructOptions = {}, parent: StructElem = this.current): StructElem {
    const e: StructElem = { type, options, kids: [] };
    parent.kids.push(e);
    return e;
  }

  open(type: StructType, options: StructOptions = {}): StructElem {
    const e = this.add(type, options);
    this.stack.push(e);
    return e;
  }

  close(e: StructElem): void {
    const i = this.stack.lastIndexOf(e);
    if (i <= 0) throw new Error(`Closing a ${e.type} element that is not open`);
    this.stack.length = i;
  }

  within<T>(type: StructType, options: StructOptions, fn: (e: StructElem) => T): T {
    const e = this.open(type, options);
    try {
      return fn(e);
    } finally {
      this.close(e);
    }
  }

  // Draws `draw` as content of `elem` (the current element by default).
  content(page: PDFPage, draw: () => void, elem: StructElem = this.current): void {
    if (this.depth > 0) return draw();
    const owners = this.owners.get(page) ?? [];
    this.owners.set(page, owners);
    const mcid = owners.length;
    owners.push(elem);
    elem.kids.push({ page, mcid });
    this.marked(page, elem.type, props(page, { MCID: mcid }), draw);
  }

  // Decoration a reader should skip: backgrounds, rules, headers and footers, watermarks.
  artifact(page: PDFPage, draw: () => void, kind: 'Layout' | 'Pagination' | 'Background' = 'Layout'): void {
    if (this.depth > 0) return draw();
    this.marked(page, 'Artifact', props(page, { Type: kind }), draw);
  }

  // One marked-content sequence: tag and properties, the drawing, EMC.
  private marked(page: PDFPage, tag: string, properties: ReturnType<typeof props>, draw: () => void): void {
    page.pushOperators(op('BDC', [pdfLib.PDFName.of(tag), properties]));
    this.depth++;
    try {
      draw();
    } finally {
      this.depth--;
      page.pushOperators(op('EMC'));
    }
  }

  bookmark(title: string, level: number, page: PDFPage, top: number): void {
    this.bookmarks.push({ title, level, page, top });
  }

  finish(doc: PDFDocument): void {
    const ctx = doc.context;
    const pages = doc.getPages();
    const refs = new Map<StructElem, ReturnType<typeof ctx.nextRef>>();
    const rootRef = ctx.nextRef();
    const walk = (e: StructElem) => {
      refs.set(e, ctx.nextRef());
      for (const k of e.kids) if ('type' in k) walk(k);
    };
    walk(this.root);
    const str = (s: string) => pdfLib.PDFHexString.fromText(s);
    const write = (e: StructElem, parent: ReturnType<typeof ctx.nextRef>) => {
      // Marked content on one page is referenced by its MCID alone, with the page on the element (/Pg);
      // an element that runs across pages (a long table cell) uses marked-content references (MCR).
      const pagesOf = new Set(e.kids.flatMap((k) => ('type' in k ? [] : [k.page])));
      const onePage = pagesOf.size === 1 ? [...pagesOf][0]! : undefined;
      const kids = e.kids.map((k) =>
        'type' in k ? refs.get(k)! : onePage ? k.mcid : ctx.obj({ Type: 'MCR', Pg: k.page.ref, MCID: k.mcid }),
      );
      const dict = ctx.obj({ Type: 'StructElem', S: e.type, P: parent, K: kids });
      if (onePage) dict.set(pdfLib.PDFName.of('Pg'), onePage.ref);
      const o = e.options;
      if (o.alt) dict.set(pdfLib.PDFName.of('Alt'), str(o.alt));
      const attrs: Record<string, unknown> = {};
      if (o.scope) Object.assign(attrs, { O: 'Table', Scope: o.scope });
      if (o.colSpan) Object.assign(attrs, { O: 'Table', ColSpan: o.colSpan });
      if (Object.keys(attrs).length) dict.set(pdfLib.PDFName.of('A'), ctx.obj(attrs as Parameters<typeof ctx.obj>[0]));
      if (o.bbox) dict.set(pdfLib.PDFName.of('A'), ctx.obj({ O: 'Layout', BBox: o.bbox, Placement: 'Block' }));
      ctx.assign(refs.get(e)!, dict);
      for (const k of e.kids) if ('type' in k) write(k, refs.get(e)!);
    };
    write(this.root, rootRef);

    const nums: unknown[] = [];
    pages.forEach((p, i) => {
      p.node.set(pdfLib.PDFName.of('StructParents'), pdfLib.PDFNumber.of(i));
      // Tab order follows the structure (PDF/UA-1 7.18.3).
      p.node.set(pdfLib.PDFName.of('Tabs'), pdfLib.PDFName.of('S'));
      nums.push(
        i,
        (this.owners.get(p) ?? []).map((e) => refs.get(e)!),
      );
    });
    ctx.assign(
      rootRef,
      ctx.obj({
        Type: 'StructTreeRoot',
        K: [refs.get(this.root)!],
        ParentTree: ctx.register(ctx.obj({ Nums: nums as Parameters<typeof ctx.obj>[0][] })),
        ParentTreeNextKey: pages.length,
      }),
    );
    doc.catalog.set(pdfLib.PDFName.of('StructTreeRoot'), rootRef);
    doc.catalog.set(pdfLib.PDFName.of('MarkInfo'), ctx.obj({ Marked: true }));
    this.writeOutline(doc);
  }

  // Bookmarks: one per heading, nested by level, each opening its page at the heading.
  private writeOutline(doc: PDFDocument): void {
    if (!this.bookmarks.length) return;
    const ctx = doc.context;
    type Node = { b?: Bookmark; ref: ReturnType<typeof ctx.nextRef>; kids: Node[] };
    const top: Node = { ref: ctx.nextRef(), kids: [] };
    const path: Node[] = [top];
    for (const b of this.bookmarks) {
      while (path.length > 1 && path[path.length - 1]!.b!.level >= b.level) path.pop();
      const n: Node = { b, ref: ctx.nextRef(), kids: [] };
      path[path.length - 1]!.kids.push(n);
      path.push(n);
    }
    const count = (n: Node): number => n.kids.reduce((a, k) => a + 1 + count(k), 0);
    const write = (n: Node, parent: Node) => {
      const siblings = parent.kids;
      const i = siblings.indexOf(n);
      const d = ctx.obj({
        Title: pdfLib.PDFHexString.fromText(n.b!.title),
        Parent: parent.ref,
        Dest: [n.b!.page.ref, 'XYZ', null, Math.round(n.b!.top + 12), null],
      });
      if (i > 0) d.set(pdfLib.PDFName.of('Prev'), siblings[i - 1]!.ref);
      if (i < siblings.length - 1) d.set(pdfLib.PDFName.of('Next'), siblings[i + 1]!.ref);
      if (n.kids.length) {
        d.set(pdfLib.PDFName.of('First'), n.kids[0]!.ref);
        d.set(pdfLib.PDFName.of('Last'), n.kids[n.kids.length - 1]!.ref);
        // Positive: open, so the reader sees every section at once.
        d.set(pdfLib.PDFName.of('Count'), pdfLib.PDFNumber.of(count(n)));
      }
      ctx.assign(n.ref, d);
      for (const k of n.kids) write(k, n);
    };
    for (const k of top.kids) write(k, top);
    ctx.assign(
      top.ref,
      ctx.obj({ Type: 'Outlines', First: top.kids[0]!.ref, Last: top.kids[top.kids.length - 1]!.ref, Count: count(top) }),
    );
    doc.catalog.set(pdfLib.PDFName.of('Outlines'), top.ref);
    doc.catalog.set(pdfLib.PDFName.of('PageMode'), pdfLib.PDFName.of('UseOutlines'));
  }
}
