import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from './support/temp-backend';
import { findElectronBinary, startApp } from '../scripts/start-app';

// `npm start`'s three paths, with Electron's download stubbed (no network in tests).
function harness(opts: { installed: boolean; download: 'works' | 'offline' }) {
  let present = opts.installed;
  const lines: string[] = [];
  const io = {
    findBinary: vi.fn(() => (present ? '/fake/electron' : undefined)),
    installElectron: vi.fn(async (): Promise<{ ok: boolean; output?: string }> => {
      if (opts.download === 'offline') return { ok: false, output: '\nTypeError: fetch failed\n    at node:internal/deps/undici' };
      present = true;
      return { ok: true, output: 'Downloading Electron binary…' };
    }),
    launchElectron: vi.fn(async () => 0),
    startWeb: vi.fn(async () => 0),
    log: (l: string) => lines.push(l),
  };
  return { io, lines };
}

describe('npm start', () => {
  it('opens the desktop app when Electron is installed, without downloading', async () => {
    const { io, lines } = harness({ installed: true, download: 'offline' });
    expect(await startApp(io)).toBe(0);
    expect(io.launchElectron).toHaveBeenCalledWith('/fake/electron');
    expect(io.installElectron).not.toHaveBeenCalled();
    expect(io.startWeb).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('installs Electron with its own installer when missing, then opens the desktop app', async () => {
    const { io, lines } = harness({ installed: false, download: 'works' });
    expect(await startApp(io)).toBe(0);
    expect(io.installElectron).toHaveBeenCalledTimes(1);
    expect(io.launchElectron).toHaveBeenCalledWith('/fake/electron');
    expect(io.startWeb).not.toHaveBeenCalled();
    expect(lines).toEqual([expect.stringContaining('install-electron')]);
  });

  it('offline: says why in one line and falls back to web mode', async () => {
    const { io, lines } = harness({ installed: false, download: 'offline' });
    expect(await startApp(io)).toBe(0);
    expect(io.launchElectron).not.toHaveBeenCalled();
    expect(io.startWeb).toHaveBeenCalledTimes(1);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Electron could not be downloaded \(TypeError: fetch failed; this machine looks offline\).*web mode/);
    expect(lines[1]).not.toContain('\n');
  });

  it('web mode too when the installer succeeds but no binary appears', async () => {
    const { io, lines } = harness({ installed: false, download: 'works' });
    io.installElectron.mockResolvedValueOnce({ ok: true, output: '' });
    expect(await startApp(io)).toBe(0);
    expect(io.startWeb).toHaveBeenCalledTimes(1);
    expect(lines[1]).toContain('no binary appeared');
  });

  it('finds the binary from the electron package’s path.txt, and only when the file is there', () => {
    const root = tempDir();
    const pkg = join(root, 'node_modules', 'electron');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"electron","version":"45.4.1"}');
    writeFileSync(join(root, 'package.json'), '{}');
    const require = createRequire(join(root, 'package.json'));
    expect(findElectronBinary(require)).toBeUndefined();
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(findElectronBinary(require)).toBeUndefined();
    writeFileSync(join(pkg, 'dist', 'electron'), '');
    expect(findElectronBinary(require)).toBe(join(pkg, 'dist', 'electron'));
    expect(findElectronBinary(createRequire(join(tempDir(), 'x.js')))).toBeUndefined();
  });
});
