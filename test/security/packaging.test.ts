import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { tempDir } from '../support/temp-backend';

// Release packaging, checked offline. electron-builder needs the network only to download Electron and its
// installer toolsets; given a stand-in Electron (a file carrying Electron's fuse wire) it runs the rest of
// the real pipeline here: file selection, app.asar, asarUnpack, and our afterPack hook (fuses, prebuilds).

const require = createRequire(import.meta.url);
const hook = require('../../scripts/after-pack.cjs') as {
  fuseSettings(platform: string): Record<string, boolean>;
  flipAndVerifyFuses(binary: string, platform: string, arch: string): Promise<Record<string, boolean>>;
  missingSigningVariables(platform: string, env: Record<string, string | undefined>): string[];
  pruneSqlitePrebuilds(dir: string, platform: string, arch: string): { kept: string[]; removed: string[] };
};
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const d = tempDir('dcb-pack-');
  dirs.push(d);
  return d;
};

// Electron's defaults as shipped: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on,
// asar integrity off, only-asar off, V8 snapshot off, file:// privileges on, wasm trap handlers on.
function fakeElectronBinary(path: string) {
  const wire = Buffer.from('101100011', 'latin1');
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from('#!/bin/sh\nexit 0\n'),
      Buffer.alloc(2048, 0x90),
      Buffer.from(SENTINEL),
      Buffer.from([1, wire.length]),
      wire,
      Buffer.alloc(256, 0),
    ]),
  );
  chmodSync(path, 0o755);
}

async function wireOf(binary: string): Promise<Record<string, boolean>> {
  const wire = await getCurrentFuseWire(binary);
  const out: Record<string, boolean> = {};
  for (const name of Object.keys(hook.fuseSettings('linux'))) {
    out[name] = (wire as unknown as Record<number, number>)[FuseV1Options[name as keyof typeof FuseV1Options]] === FuseState.ENABLE;
  }
  return out;
}

describe('afterPack hook', () => {
  it.each(['linux', 'win32', 'darwin'])('flips and verifies every fuse for %s', async (platform) => {
    const bin = join(scratch(), 'electron');
    fakeElectronBinary(bin);
    expect((await wireOf(bin)).RunAsNode).toBe(true);
    const wanted = await hook.flipAndVerifyFuses(bin, platform, 'x64');
    expect(await wireOf(bin)).toEqual(wanted);
    expect(wanted).toMatchObject({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
      EnableEmbeddedAsarIntegrityValidation: platform !== 'linux',
    });
  });

  it('fails the build when the Electron binary has a fuse nobody decided on', async () => {
    const bin = join(scratch(), 'electron');
    const wire = Buffer.from('1011000110', 'latin1'); // one more fuse than @electron/fuses knows
    writeFileSync(bin, Buffer.concat([Buffer.alloc(64), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), wire, Buffer.alloc(64)]));
    await expect(hook.flipAndVerifyFuses(bin, 'linux', 'x64')).rejects.toThrow(/strictlyRequireAllFuses/);
  });

  it.each([
    ['darwin', {}, 2],
    ['darwin', { CSC_LINK: 'x', CSC_KEY_PASSWORD: 'y' }, 1],
    ['darwin', { CSC_LINK: 'x', APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'id', APPLE_API_ISSUER: 'iss' }, 0],
    ['darwin', { CSC_LINK: 'x', APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 't' }, 0],
    ['win32', {}, 1],
    ['win32', { WIN_CSC_LINK: 'x' }, 0],
    ['linux', {}, 0],
  ] as const)('lists what a signed %s release is missing (%j → %i)', (platform, env, missing) => {
    const names = hook.missingSigningVariables(platform, env);
    expect(names).toHaveLength(missing);
    for (const value of Object.values(env)) expect(names.join()).not.toContain(`=${value}`);
  });

  it("keeps only the target's better-sqlite3 binary, and refuses a target without one", () => {
    const dir = join(scratch(), 'prebuilds');
    mkdirSync(dir);
    for (const f of ['darwin-arm64.node', 'darwin-x64.node', 'linux-x64.node', 'linuxmusl-x64.node', 'win32-x64.node'])
      writeFileSync(join(dir, f), 'x');
    expect(hook.pruneSqlitePrebuilds(dir, 'darwin', 'universal').kept.sort()).toEqual(['darwin-arm64.node', 'darwin-x64.node']);
    expect(readdirSync(dir).sort()).toEqual(['darwin-arm64.node', 'darwin-x64.node']);
    expect(() => hook.pruneSqlitePrebuilds(dir, 'linux', 'x64')).toThrow(/no prebuilt binary for linux-x64/);
  });
});

const built = existsSync(join(ROOT, 'dist/electron/main.cjs')) && existsSync(join(ROOT, 'dist/renderer/index.html'));

describe('electron-builder, offline with a stand-in Electron', () => {
  // CI builds first (npm test runs `npm run build`); a local run without a build skips with this reason.
  // The dry run targets Linux; Windows and macOS packaging run for real in .github/workflows/release.yml.
  it.skipIf(process.platform !== 'linux' || (!built && !process.env.CI))(
    'packages the app: asar contents, unpacked native module, fuses',
    async () => {
      expect(built, 'run `npm run build` first').toBe(true);
      const work = scratch();
      const electronDist = join(work, 'electron-dist');
      mkdirSync(join(electronDist, 'locales'), { recursive: true });
      fakeElectronBinary(join(electronDist, 'electron'));
      writeFileSync(
        join(electronDist, 'version'),
        (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version,
      );
      for (const l of ['en-GB', 'en-US', 'de', 'fr']) writeFileSync(join(electronDist, 'locales', `${l}.pak`), l);

      const out = join(work, 'release');
      const r = spawnSync(
        process.execPath,
        [
          require.resolve('electron-builder/cli.js'),
          '--linux',
          'dir',
          '--x64',
          '--config',
          'electron-builder.yml',
          `-c.electronDist=${electronDist}`,
          `-c.directories.output=${out}`,
          '--publish',
          'never',
        ],
        { cwd: ROOT, encoding: 'utf8', timeout: 240_000, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
      );
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('fuses verified');

      const app = join(out, 'linux-unpacked');
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
        devDependencies: Record<string, string>;
      };
      expect(await wireOf(join(app, 'dcb1596-workbench'))).toEqual(hook.fuseSettings('linux'));
      expect(readdirSync(join(app, 'locales')).sort()).toEqual(['en-GB.pak', 'en-US.pak']);

      const asar = require('@electron/asar') as { listPackage(p: string): string[] };
      const files = new Set(asar.listPackage(join(app, 'resources', 'app.asar')).map((f) => f.replace(/\\/g, '/')));
      for (const f of ['/package.json', '/dist/electron/main.cjs', '/dist/electron/preload.cjs', '/dist/renderer/index.html'])
        expect(files).toContain(f);
      for (const dep of Object.keys(pkg.dependencies))
        expect(files, `production dependency ${dep}`).toContain(`/node_modules/${dep}/package.json`);
      for (const dep of Object.keys(pkg.devDependencies))
        expect(files, `devDependency ${dep} shipped`).not.toContain(`/node_modules/${dep}/package.json`);
      const list = [...files];
      expect(list.filter((f) => f.endsWith('.map'))).toEqual([]);
      expect(list.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f))).toEqual([]);
      expect(
        list.filter(
          (f) => f.startsWith('/resources/build') || f.startsWith('/electron/') || f.startsWith('/test/') || f.startsWith('/.tools'),
        ),
      ).toEqual([]);
      expect(list.filter((f) => f.startsWith('/node_modules/better-sqlite3/deps/'))).toEqual([]);

      const unpacked = join(app, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds');
      expect(readdirSync(unpacked)).toEqual(['linux-x64.node']);
    },
  );
});
