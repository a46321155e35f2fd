import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

// The app's one PDF loader (evidence previews, the statement preview). PDF.js is loaded on first use (it is
// large), its worker is a bundled file served from our own origin (CSP worker-src 'self'), and everything a
// PDF could ask for beyond drawing — scripts, forms, remote fonts, WebAssembly decoders — stays off.

export interface OpenPdf {
  pages: number;
  // Draws page `n` (1-based) into the canvas at `cssWidth` CSS pixels wide, sharp on high-DPI screens.
  renderPage(n: number, canvas: HTMLCanvasElement, cssWidth: number): Promise<void>;
  close(): Promise<void>;
}

// The backend sends a PDF to preview as base64 (JSON over the bridge); PDF.js wants its bytes.
export function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function openPdf(data: Uint8Array): Promise<OpenPdf> {
  const pdfjs = await import('pdfjs-dist');
  if (pdfjs.GlobalWorkerOptions.workerSrc !== workerUrl) pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  const task = pdfjs.getDocument({
    data,
    enableXfa: false,
    useWasm: false,
    useSystemFonts: true,
    stopAtErrors: false,
    maxImageSize: 64 * 1024 * 1024,
    verbosity: 0,
  });
  const doc = await task.promise;
  return {
    pages: doc.numPages,
    async renderPage(n, canvas, cssWidth) {
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const dpr = Math.min(window.devicePixelRatio || 1, 2);
      const viewport = page.getViewport({ scale: (cssWidth / base.width) * dpr });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(viewport.width / dpr)}px`;
      canvas.style.height = `${Math.floor(viewport.height / dpr)}px`;
      await page.render({ canvas, viewport }).promise;
      page.cleanup();
    },
    close: () => task.destroy(),
  };
}

// Renders page 1 of a PDF into a canvas.
export async function renderFirstPage(data: Uint8Array, canvas: HTMLCanvasElement, cssWidth: number): Promise<{ pages: number }> {
  const pdf = await openPdf(data);
  try {
    await pdf.renderPage(1, canvas, cssWidth);
    return { pages: pdf.pages };
  } finally {
    await pdf.close();
  }
}
