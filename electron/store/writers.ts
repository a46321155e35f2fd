import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Who else has this workspace open, so "busy" can name the other writer. Each backend leaves a small note in
// <dataDir>/.writers/<pid>.json while it is open; notes of processes that have gone are ignored.

export interface WriterNote {
  pid: number;
  label: string;
  since?: string;
}

const dirOf = (dataDir: string) => join(dataDir, '.writers');

export function registerWriter(dataDir: string, note: WriterNote): () => void {
  const file = join(dirOf(dataDir), `${note.pid}.json`);
  try {
    mkdirSync(dirOf(dataDir), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ since: new Date().toISOString(), ...note }), { mode: 0o600 });
  } catch {
    // A read-only workspace: nobody can be waiting on our writes.
  }
  return () => rmSync(file, { force: true });
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function otherWriters(dataDir: string): WriterNote[] {
  let names: string[];
  try {
    names = readdirSync(dirOf(dataDir));
  } catch {
    return [];
  }
  const notes: WriterNote[] = [];
  for (const name of names) {
    try {
      const note = JSON.parse(readFileSync(join(dirOf(dataDir), name), 'utf8')) as WriterNote;
      if (typeof note.pid === 'number' && note.pid !== process.pid && processAlive(note.pid)) notes.push(note);
    } catch {
      // A note being written or removed right now.
    }
  }
  return notes;
}

export function describeOtherWriters(dataDir: string): string {
  const others = otherWriters(dataDir);
  if (others.length === 0) return 'another program';
  return others.map((w) => `${w.label}, process ${w.pid}`).join('; ');
}

export const TRANSPORT_LABELS: Record<string, string> = {
  electron: 'the desktop app',
  web: 'the web app (npm run web)',
  cli: 'the command line',
  test: 'a test backend',
};
