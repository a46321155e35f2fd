import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseRefusedError } from '../store/database';
import { openHostBackend } from '../host/open-backend';
import { MemorySecretStore } from '../secrets/secret-store';
import { startWebServer } from './http-transport';
import { sampleDataDir } from '../host/data-dir';
import { createDemoWorkspace } from '../demo/demo-workspace';

// `npm run web`: the whole app in an ordinary browser, served on 127.0.0.1 only.
const rendererDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

async function main() {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error('The renderer is not built. Run `npm run web` (it builds first) or `npm run build:renderer`.');
    process.exit(1);
  }
  const portArg = process.argv.indexOf('--port');
  const port = Number(portArg > 0 ? process.argv[portArg + 1] : (process.env.DCB_WEB_PORT ?? 0));
  // `npm run demo`: the same server over the sample workspace, created on first use.
  const demo = process.argv.includes('--demo');
  let backend;
  try {
    backend = openHostBackend({
      transport: 'web',
      dataDir: demo ? sampleDataDir() : undefined,
      secrets: new MemorySecretStore(
        'Web mode keeps sign-ins in memory only; they end when `npm run web` stops. The desktop app stores them in the OS keychain.',
      ),
    });
  } catch (err) {
    console.error(err instanceof DatabaseRefusedError ? err.message : `Could not open the workspace: ${(err as Error).message}`);
    process.exit(1);
  }
  if (demo && (await backend.call('client.list', { includeArchived: true })).length === 0) {
    const r = await createDemoWorkspace(backend);
    console.log(`Created the sample workspace: ${r.clients} fictional clients, ${r.assessments} assessments.`);
  }
  const server = await startWebServer({ backend, rendererDir, port: Number.isFinite(port) ? port : 0 });
  console.log(`DCB1596 Workbench (web mode) — data in ${backend.host.dataDir}`);
  console.log(`Open: ${server.launchUrl}`);
  console.log("The link carries this session's key; the server only answers on 127.0.0.1. Press Ctrl+C to stop.");
  const stop = async () => {
    await server.close();
    backend.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
