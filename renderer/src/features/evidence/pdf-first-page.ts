import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

// Renders page 1 of a PDF into a canvas with PDF.js. The library is loaded on first use (it is large), its
// worker is a bundled file served from our own origin (CSP worker-src 'self'), and everything a PDF could
// ask for beyond drawing — scripts, forms, remote fonts, WebAssembly decoders — stays off.
export async function renderFirstPage(data: Uint8Array, canvas: HTMLCanvasElement, cssWidth: number): Promise<{ pages: number }> {
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
  try {
    const page = await doc.getPage(1);
    const base = page.getViewport({ scale: 1 });
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const scale = (cssWidth / base.width) * dpr;
    const viewport = page.getViewport({ scale });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / dpr)}px`;
    canvas.style.height = `${Math.floor(viewport.height / dpr)}px`;
    await page.render({ canvas, viewport }).promise;
    return { pages: doc.numPages };
  } finally {
    await task.destroy();
  }
}
