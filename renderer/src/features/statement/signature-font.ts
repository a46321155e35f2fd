import fontUrl from '../../../../resources/fonts/DancingScript-Regular.ttf?url';

// Typed signatures are shown in the same script face the statement PDF uses (shipped in resources/fonts),
// so what a signatory sees here is what the reviewer sees in the document.
export const SIGNATURE_FONT = '"DCB Signature", cursive';

let loading: Promise<void> | undefined;

export function loadSignatureFont(): Promise<void> {
  loading ??= new FontFace('DCB Signature', `url(${fontUrl})`)
    .load()
    .then((face) => {
      document.fonts.add(face);
    })
    .catch(() => {
      // The cursive fallback still reads as a signature; the PDF embeds the real face either way.
    });
  return loading;
}
