import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as PdfLibModule from 'pdf-lib';
import type * as FontkitModule from '@pdf-lib/fontkit';
import type * as PlaceholderModule from '@signpdf/placeholder-pdf-lib';
import type * as SignPdfModule from '@signpdf/signpdf';
import type * as SignerP12Module from '@signpdf/signer-p12';
import type * as SignPdfUtilsModule from '@signpdf/utils';

// The one place pdf-lib and @signpdf are loaded (architecture.md §8, dual-package hazard). pdf-lib ships a
// CommonJS and an ES build; @signpdf/placeholder-pdf-lib require()s the CommonJS one and builds its
// signature dictionary with that copy's classes. If our code got the ES build (a bundler honouring
// "module", or a second nested copy), the two class sets would not match and signing would fail with
// "No ByteRangeStrings found". So everything here comes through one CommonJS require, and assertSingleCopies()
// proves at first use that the placeholder, signpdf and the P12 signer resolve the same files we do.

const req = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

export const pdfLib = req('pdf-lib') as typeof PdfLibModule;
export const fontkit = req('@pdf-lib/fontkit') as typeof FontkitModule;
export const placeholder = req('@signpdf/placeholder-pdf-lib') as typeof PlaceholderModule;
export const signpdf = req('@signpdf/signpdf') as typeof SignPdfModule;
export const signerP12 = req('@signpdf/signer-p12') as typeof SignerP12Module;
export const signpdfUtils = req('@signpdf/utils') as typeof SignPdfUtilsModule;

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
