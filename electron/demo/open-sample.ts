import { openHostBackend } from '../host/open-backend';
import { sampleDataDir } from '../host/data-dir';
import { createDemoWorkspace } from './demo-workspace';

// Makes sure the sample workspace exists (creating it on first use) and returns its folder.
export async function ensureSampleWorkspace(): Promise<string> {
  const dir = sampleDataDir();
  const backend = openHostBackend({ transport: 'electron', dataDir: dir });
  try {
    if (backend.services.clients.list({ includeArchived: true }).length === 0) await createDemoWorkspace(backend);
  } finally {
    backend.close();
  }
  return dir;
}
