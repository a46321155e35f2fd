import { build } from 'esbuild';
import { CHANNEL_NAMES, EVENT_NAMES } from '../shared/contract';

// Main and preload are bundled to CommonJS. Packages stay external (electron-builder ships
// `dependencies`); the preload is one self-contained file because sandboxed preloads cannot require
// local modules, and it receives the contract's channel names as constants instead of the schemas.
const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: true, logLevel: 'warning' } as const;

await Promise.all([
  build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'dist/electron/main.cjs', packages: 'external' }),
  build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
    define: { __DCB_CHANNELS__: JSON.stringify(CHANNEL_NAMES), __DCB_EVENTS__: JSON.stringify(EVENT_NAMES) },
  }),
]);
console.log(`Built dist/electron (main + preload with ${CHANNEL_NAMES.length} channels).`);
