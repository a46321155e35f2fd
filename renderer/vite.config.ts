import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Fluent icons, one module per icon: `import { Add24Regular } from '@fluentui/react-icons'` in our sources is
// rewritten to `@fluentui/react-icons/svg/add`, the package's own per-icon entry. Through the package index
// each icon drags in the whole generated file it shares with hundreds of others (most of the 1.7 MB script
// before this). Utilities (bundleIcon, …) still come from the index. Line breaks are kept, so source maps hold.
function fluentIconsPerIcon(): Plugin {
  const atoms = fileURLToPath(new URL('../node_modules/@fluentui/react-icons/lib/atoms/svg', import.meta.url));
  let iconFile: Map<string, string> | undefined;
  const index = () => {
    if (iconFile) return iconFile;
    iconFile = new Map();
    for (const f of readdirSync(atoms))
      if (f.endsWith('.js'))
        for (const m of readFileSync(join(atoms, f), 'utf8').matchAll(/export const (\w+)/g)) iconFile.set(m[1]!, f.slice(0, -3));
    return iconFile;
  };
  return {
    name: 'fluent-icons-per-icon',
    enforce: 'pre',
    transform(code, id) {
      // Our sources, and Fluent's own components (their chevrons, dismiss and status icons).
      const ours = !id.includes('node_modules');
      if (!(ours || (id.includes('node_modules/@fluentui/react-') && !id.includes('react-icons'))) || !/\.[jt]sx?$/.test(id))
        return undefined;
      if (!code.includes('@fluentui/react-icons')) return undefined;
      const out = code.replace(/import\s*\{([^}]*)\}\s*from\s*(['"])@fluentui\/react-icons\2;?/g, (all, list: string) => {
        const byFile = new Map<string, string[]>();
        const rest: string[] = [];
        for (const spec of list
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)) {
          const file = spec.startsWith('type ') ? undefined : index().get(spec.split(/\s+as\s+/)[0]!);
          if (file) byFile.set(file, [...(byFile.get(file) ?? []), spec]);
          else rest.push(spec);
        }
        const lines = [...byFile].map(([f, names]) => `import { ${names.join(', ')} } from '@fluentui/react-icons/svg/${f}';`);
        if (rest.length) lines.push(`import { ${rest.join(', ')} } from '@fluentui/react-icons';`);
        return lines.join(' ') + '\n'.repeat(all.split('\n').length - 1);
      });
      return { code: out, map: null };
    },
  };
}

// The renderer is a plain Vite app: the same build is loaded from app:// in Electron, served by
// `npm run web`, and served to Chromium by the Playwright transport.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [fluentIconsPerIcon(), react()],
  build: {
    // DCB_RENDERER_OUT lets parallel work build to its own folder (the Playwright harness reads the same variable).
    outDir: process.env.DCB_RENDERER_OUT ?? fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
  },
});
