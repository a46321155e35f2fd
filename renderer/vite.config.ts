import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The renderer is a plain Vite app: the same build is loaded from app:// in Electron, served by
// `npm run web`, and served to Chromium by the Playwright transport.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    // DCB_RENDERER_OUT lets parallel work build to its own folder (the Playwright harness reads the same variable).
    outDir: process.env.DCB_RENDERER_OUT ?? fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
  },
});
