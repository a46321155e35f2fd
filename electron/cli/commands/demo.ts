import { sampleDataDir } from '../../host/data-dir';
import { openHostBackend } from '../../host/open-backend';
import { createDemoWorkspace } from '../../demo/demo-workspace';
import { parse } from '../args';
import type { CliCommand } from '../cli-types';

export const demoCreate: CliCommand = {
  name: 'demo create',
  summary: 'Create the sample workspace (fictional care providers) to explore without a tenant',
  usage: `dcb1596 demo create [--data-dir <folder>]

  Creates fictional care providers across routes and years — renewals due, expired, in progress —
  clearly marked as sample data. By default it goes to its own folder, never your real workspace:
  ${sampleDataDir()}`,
  async run(ctx, args) {
    parse(args, {});
    // --data-dir (global) or DCB_DATA_DIR choose the folder; otherwise the dedicated sample folder.
    const backend = ctx.dataDirChosen ? ctx.backend() : openHostBackend({ transport: 'cli', dataDir: sampleDataDir() });
    try {
      const r = await createDemoWorkspace(backend);
      const { dataDir } = await backend.call('app.info', {});
      ctx.io.out(`Sample workspace created in ${dataDir}: ${r.clients} fictional clients, ${r.assessments} assessments.`);
      ctx.io.out(`Open it with: DCB_DATA_DIR="${dataDir}" npm run web   (or: npm run demo)`);
      return 0;
    } finally {
      if (!ctx.dataDirChosen) backend.close();
    }
  },
};
