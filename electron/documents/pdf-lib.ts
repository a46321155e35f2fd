import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as PdfLibModule from 'pdf-lib';
import type * as FontkitModule from '@pdf-lib/fontkit';
import type * as PlaceholderModule from '@signpdf/placeholder-pdf-lib';
import type * as SignPdfModule from '@signpdf/signpdf';
import type * as SignerP12Module from '@signpdf/signer-p12';
import type * as SignPdfUtilsModule from '@signpdf/utils';

// The one place pdf-lib and @signpdf are loaded (the dual-package hazard). pdf-lib ships a
// CommonJS and an ES build; @signpdf/placeholder-pdf-lib require()s the CommonJS one and builds its
// signature dictionary with that copy's classes. If our code got the ES build (a bundler honouring
// "module", or a second nested copy), the two class sets would not match and signing would fail with
// "No ByteRangeStrings found". So everything here comes through one CommonJS require, and assertSingleCopies()
// proves at first use that the placeholder, signpdf and the P12 signer resolve the same files we do.

const req = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

// Each module loads on first use, not at startup: fontkit alone decompresses its tables as it loads, which
// would cost every command-line call that makes no PDF (`dcb1596 clients list`) a noticeable pause.
function lazy<T extends object>(id: string): T {
  let mod: T | undefined;
  const load = () => (mod ??= req(id) as T);
  return new Proxy({} as T, {
    get: (_t, p) => Reflect.get(load(), p),
    has: (_t, p) => p in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_t, p) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), p);
      return d && { ...d, configurable: true };
    },
  });
}

export const pdfLib = lazy<typeof PdfLibModule>('pdf-lib');
export const fontkit = lazy<typeof FontkitModule>('@pdf-lib/fontkit');
export const placeholder = lazy<typeof PlaceholderModule>('@signpdf/placeholder-pdf-lib');
export const signpdf = lazy<typeof SignPdfModule>('@signpdf/signpdf');
export const signerP12 = lazy<typeof SignerP12Module>('@signpdf/signer-p12');
export const signpdfUtils = lazy<typeof SignPdfUtilsModule>('@signpdf/utils');

export type { PDFDocument, PDFFont, PDFPage, PDFImage, RGB } from 'pdf-lib';

let checked = false;

export function assertSingleCopies(): void {
  if (checked) return;
  const from = (pkg: string) => ({ paths: [dirname(req.resolve(`${pkg}/package.json`))] });
  const pairs: [string, string, string][] = [
    ['pdf-lib', req.resolve('pdf-lib'), req.resolve('pdf-lib', from('@signpdf/placeholder-pdf-lib'))],
    ['@signpdf/utils', req.resolve('@signpdf/utils'), req.resolve('@signpdf/utils', from('@signpdf/signpdf'))],
    ['@signpdf/utils', req.resolve('@signpdf/utils'), req.resolve('@signpdf/utils', from('@signpdf/signer-p12'))],
    ['@signpdf/utils', req.resolve('@signpdf/utils'), req.resolve('@signpdf/utils', from('@signpdf/placeholder-pdf-lib'))],
  ];
  for (const [name, ours, theirs] of pairs)
    if (ours !== theirs) throw new Error(`Two copies of ${name} are installed (${ours} and ${theirs}); PDF signing would fail.`);
  checked = true;
}
