import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCEPTED, judgeElectronegativity, parseAudit, runElectronegativity, type ScanIssue } from '../../scripts/security-check';
import { tempDir } from '../support/temp-backend';
import { blockNetwork } from './network-guard';

// `npm run security` must fail on real problems. These cases feed it known-bad input.

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function badApp(): string {
  const dir = tempDir('dcb-eneg-');
  dirs.push(dir);
  mkdirSync(join(dir, 'main'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bad', devDependencies: { electron: '45.4.1' } }));
  writeFileSync(
    join(dir, 'main', 'window.js'),
    `const { BrowserWindow } = require('electron');
     const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });
     win.loadURL('http://example.com/');`,
  );
  return dir;
}

const issue = (over: Partial<ScanIssue>): ScanIssue => ({
  id: 'X',
  file: 'electron/main/x.ts',
  line: 1,
  severity: 'MEDIUM',
  confidence: 'FIRM',
  description: 'x',
  ...over,
});

describe('security gate', () => {
  it('Electronegativity reports an insecure window as blocking, without touching the network', async () => {
    const guard = blockNetwork();
    try {
      const scan = await runElectronegativity(badApp());
      expect(scan.checks).toBeGreaterThan(20);
      const { blocking } = judgeElectronegativity(scan.issues);
      const ids = blocking.map((i) => `${i.id} ${i.severity}`);
      expect(ids).toEqual(
        expect.arrayContaining([
          'CONTEXT_ISOLATION_JS_CHECK HIGH',
          'LIMIT_NAVIGATION_GLOBAL_CHECK HIGH',
          'SANDBOX_JS_CHECK MEDIUM',
          'WEB_SECURITY_JS_CHECK MEDIUM',
          'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK MEDIUM',
        ]),
      );
      expect(guard.attempts).toEqual([]);
    } finally {
      guard.restore();
    }
  });

  it('blocks HIGH always, MEDIUM unless accepted, and notices stale acceptances', () => {
    const accepted = [
      { id: 'PRELOAD_JS_CHECK', file: 'electron/main/window.ts', reason: 'r' },
      { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'renderer/src/', reason: 'r' },
      { id: 'GONE_CHECK', file: 'a.ts', reason: 'r' },
    ];
    const j = judgeElectronegativity(
      [
        issue({ id: 'PRELOAD_JS_CHECK', file: 'electron/main/window.ts' }),
        issue({ id: 'PRELOAD_JS_CHECK', file: 'electron/main/other.ts' }),
        issue({ id: 'OPEN_EXTERNAL_JS_CHECK', file: 'renderer/src/features/x/Panel.tsx' }),
        issue({ id: 'NODE_INTEGRATION_JS_CHECK', severity: 'HIGH', file: 'electron/main/window.ts' }),
        issue({ id: 'INFO', severity: 'INFORMATIONAL' }),
      ],
      accepted,
    );
    expect(j.blocking.map((i) => `${i.id}@${i.file}`)).toEqual([
      'PRELOAD_JS_CHECK@electron/main/other.ts',
      'NODE_INTEGRATION_JS_CHECK@electron/main/window.ts',
    ]);
    expect(j.acceptedFound).toHaveLength(2);
    expect(j.stale.map((s) => s.id)).toEqual(['GONE_CHECK']);
    expect(j.minor).toHaveLength(1);
  });

  it('never accepts a HIGH finding, and every acceptance has a reason', () => {
    const j = judgeElectronegativity(
      ACCEPTED.map((a) => issue({ id: a.id, file: a.file.endsWith('/') ? `${a.file}x.ts` : a.file, severity: 'HIGH' })),
    );
    expect(j.blocking).toHaveLength(ACCEPTED.length);
    for (const a of ACCEPTED) expect(a.reason.length).toBeGreaterThan(40);
  });

  it('reads npm audit reports, and tells an unreachable advisory service from a clean result', () => {
    const report = {
      auditReportVersion: 2,
      vulnerabilities: { 'left-pad': { severity: 'high' }, tiny: { severity: 'low' } },
      metadata: { vulnerabilities: { info: 0, low: 1, moderate: 0, high: 1, critical: 0, total: 2 }, dependencies: { prod: 40 } },
    };
    expect(parseAudit(JSON.stringify(report))).toEqual({
      available: true,
      counts: { info: 0, low: 1, moderate: 0, high: 1, critical: 0, total: 2 },
      packages: [
        { name: 'left-pad', severity: 'high' },
        { name: 'tiny', severity: 'low' },
      ],
      dependencies: 40,
    });
    expect(
      parseAudit(
        JSON.stringify({
          message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
          statusCode: 405,
        }),
      ),
    ).toMatchObject({
      available: false,
      reason: expect.stringContaining('405'),
    });
    expect(parseAudit('npm ERR! network')).toMatchObject({ available: false });
  });
});
