import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The runtime split is enforced by lint, not convention. These cases prove the rules bite.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('lint keeps the runtime split', () => {
  it.each([
    ['electron/store/leak.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['electron/backend/leak.ts', "import * as e from 'electron';\nexport const x = e;\n"],
    ['shared/leak.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['renderer/src/leak.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    ['electron/cli/leak.ts', "import { app } from 'electron';\nexport const x = app;\n"],
  ])('refuses electron in %s', async (file, code) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-imports');
  });

  it.each(['electron/main/ok.ts', 'electron/preload/ok.ts'])('allows electron in %s', async (file) => {
    expect(await ruleIds("import { app } from 'electron';\nexport const x = app;\n", file)).not.toContain('no-restricted-imports');
  });

  it.each([
    ['shared/leak.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['shared/leak.ts', "import { join } from 'path';\nexport const x = join;\n"],
    ['shared/leak.ts', "import React from 'react';\nexport const x = React;\n"],
    ['renderer/src/leak.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['renderer/src/leak.ts', "import { createBackend } from '../../electron/backend/create-backend';\nexport const x = createBackend;\n"],
    ['electron/store/leak.ts', "import { App } from '../../renderer/src/app/App';\nexport const x = App;\n"],
  ])('refuses a cross-runtime import in %s', async (file, code) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-imports');
  });

  it.each([
    ['electron/backend/x.ts', 'export const f = (s: string) => eval(s);\n', 'no-eval'],
    ['electron/backend/x.ts', "export const f = new Function('return 1');\n", 'no-new-func'],
    ['renderer/src/x.tsx', 'export const C = () => <div dangerouslySetInnerHTML={{ __html: "x" }} />;\n', 'no-restricted-syntax'],
    [
      'electron/main/x.ts',
      "import { shell } from 'electron';\nexport const f = (u: string) => shell.openExternal(u);\n",
      'no-restricted-syntax',
    ],
  ])('bans unsafe code in %s', async (file, code, rule) => {
    expect(await ruleIds(code, file)).toContain(rule);
  });

  it('allows shell.openExternal only inside the https guard', async () => {
    const code = "import { shell } from 'electron';\nexport const f = (u: string) => shell.openExternal(u);\n";
    expect(await ruleIds(code, 'electron/main/external-links.ts')).not.toContain('no-restricted-syntax');
  });

  it.each([
    ['electron/clients/x-service.ts', "export const f = (db: { prepare(sql: string): unknown }) => db.prepare('SELECT 1');\n"],
    ['electron/clients/x-service.ts', "export const f = (s: { db: { exec(sql: string): void } }) => s.db.exec('DELETE FROM clients');\n"],
    ['electron/backend/x.ts', "export const f = (db: { exec(sql: string): void }) => db.exec('DELETE FROM clients');\n"],
  ])('refuses SQL outside its table owner in %s', async (file, code) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-syntax');
  });

  // No file is exempt: the services whose read-only queries moved into read-model repos are held to the rule too.
  it.each([
    'electron/portfolio/portfolio-service.ts',
    'electron/portfolio/readiness-summary.ts',
    'electron/search/search-service.ts',
    'electron/tasks/tasks-service.ts',
    'electron/workspace/workspace-contents.ts',
  ])('refuses SQL in %s, which once ran its own', async (file) => {
    const code = "export const f = (db: { prepare(sql: string): unknown }) => db.prepare('SELECT 1');\n";
    expect(await ruleIds(code, file)).toContain('no-restricted-syntax');
  });

  it.each(['electron/clients/x-repo.ts', 'electron/store/x.ts', 'electron/clients/x-service.test.ts'])('allows SQL in %s', async (file) => {
    const code = "export const f = (db: { prepare(sql: string): unknown }) => db.prepare('SELECT 1');\n";
    expect(await ruleIds(code, file)).not.toContain('no-restricted-syntax');
  });

  const reachesServices = 'export const f = (b: { services: { clock: { now(): Date } } }) => b.services.clock.now();\n';
  it.each(['electron/cli/commands/x.ts', 'electron/web/x.ts', 'electron/main/x.ts'])(
    'refuses a host reaching into backend.services in %s',
    async (file) => {
      expect(await ruleIds(reachesServices, file)).toContain('no-restricted-syntax');
    },
  );

  it.each(['electron/cli/commands/x.test.ts', 'electron/demo/x.ts', 'test/e2e/x.spec.ts'])('lets %s reach the services', async (file) => {
    expect(await ruleIds(reachesServices, file)).not.toContain('no-restricted-syntax');
  });

  it('lets a regular expression run anywhere', async () => {
    expect(await ruleIds('export const f = (s: string) => /a/.exec(s);\n', 'electron/clients/x-service.ts')).not.toContain(
      'no-restricted-syntax',
    );
  });
});
