import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const SOURCE = fileURLToPath(new URL('./writer-child.ts', import.meta.url));
let bundled: string | undefined;

// The child is bundled once into a single CommonJS file under dist/ (git-ignored; packages stay external and
// resolve from the repository's node_modules): starting it then costs a fraction of loading the TypeScript
// sources through tsx every time, which matters for a suite that starts a dozen processes on two cores.
export async function bundleChild(source: string, name: string): Promise<string> {
  const out = fileURLToPath(new URL(`../../dist/reliability/${name}.cjs`, import.meta.url));
  await build({
    entryPoints: [source],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
  });
  return out;
}

export async function prepareWriter(): Promise<void> {
  bundled ??= await bundleChild(SOURCE, 'writer-child');
}

export interface WriterRun {
  child: ChildProcess;
  acked: string[];
  failures: { code: string; message: string }[];
  done: Promise<number | null>;
}

// Starts the bundled writer in its own Node process and collects what it acknowledges.
export function startWriter(dataDir: string, prefix: string, count: number, onAck?: (run: WriterRun) => void): WriterRun {
  if (!bundled) throw new Error('Call prepareWriter() first.');
  const child = spawn(process.execPath, [bundled, dataDir, prefix, String(count)], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: WriterRun = { child, acked: [], failures: [], done: undefined as never };
  let buffer = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const [kind, code, ...rest] = line.split(' ');
      if (kind === 'ack') {
        run.acked.push(code!);
        onAck?.(run);
      } else if (kind === 'fail') run.failures.push({ code: code!, message: rest.join(' ') });
    }
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  run.done = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL' && stderr) run.failures.push({ code: 'crash', message: stderr.slice(0, 500) });
      resolve(code);
    }),
  );
  return run;
}
