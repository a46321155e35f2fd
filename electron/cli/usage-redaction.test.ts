import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { main } from './main';
import { tempDir } from '../../test/support/temp-backend';

// Issue 16, item 5: a CLI usage error echoed `--graph-url http://user:TOKEN@…` to stderr.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('CLI error output', () => {
  it.each([
    ['probe', 'tenant', 'AB1', '--graph-url', 'http://user:Tk0.AXoA-opaque-refresh-9f8e7d6c5b4a@127.0.0.1:1/', '--unknown-flag'],
    ['probe', 'tenant', '--graph-url=http://user:Tk0.AXoA-opaque-refresh-9f8e7d6c5b4a@127.0.0.1:1/', 'one', 'two', 'three'],
    ['clients', 'add', '--name', 'x', 'http://user:Tk0.AXoA-opaque-refresh-9f8e7d6c5b4a@127.0.0.1:1/'],
  ])('never echoes a credential in a URL: %s %s …', async (...argv) => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const err: string[] = [];
    const code = await main(argv, { out: () => {}, err: (t) => err.push(t) }, { DCB_DATA_DIR: dataDir });
    expect(code).not.toBe(0);
    expect(err.join('\n')).not.toContain('Tk0.AXoA-opaque-refresh-9f8e7d6c5b4a');
  });
});
