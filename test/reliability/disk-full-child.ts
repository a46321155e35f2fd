// The disk-full scenario of the reliability suite, run inside a mount namespace whose <dir> is a small tmpfs
// (disk-full.test.ts sets that up; args <dir>). A workspace is created and used, the file system is then
// filled to the last byte, and workspace writes, an upload, an evidence import and a bundle export are each
// tried. Prints one JSON line: what each attempt answered, and what remained afterwards.
import { mkdirSync, readdirSync, rmSync, statSync, writeSync, openSync, closeSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { createBackend } from '../../electron/backend/create-backend';
import { systemClock } from '../../electron/backend/ports';
import { silentLogger } from '../../electron/logging/logger';
import { MemorySecretStore } from '../../electron/secrets/secret-store';

const [dir] = process.argv.slice(2);
const dataDir = join(dir!, 'workspace');
mkdirSync(dataDir);
const open = () =>
  createBackend({
    dataDir,
    clock: systemClock,
    secrets: new MemorySecretStore(),
    log: silentLogger,
    appVersion: '0.0.0-reliability',
    transport: 'cli',
  });
const b = open();

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await b.dispatch(channel as never, input as never);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

// Every file under the workspace except SQLite's own -wal/-shm, which grow and shrink by design.
function files(): string[] {
  return (readdirSync(dataDir, { recursive: true }) as string[])
    .filter((p) => statSync(join(dataDir, p)).isFile() && !/-(wal|shm)$/.test(p))
    .map((p) => relative(dataDir, join(dataDir, p)))
    .sort();
}

const client = (i: number) => ({
  legalName: `Fill Care ${i} Ltd`,
  odsCode: `FC${i.toString(36).toUpperCase().padStart(3, '0')}`,
  domains: [`fill${i}.example.org`],
  route: 'o365',
  notes: 'n'.repeat(2000),
});

void (async () => {
  const first = await call<{ id: string }>('client.create', client(0));
  const a = await call<{ id: string }>('assessment.create', { clientId: first.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
  const policy = await b.services.transfers.receive(Readable.from([Buffer.from('Email policy\n'.repeat(4000))]), 'policy.txt');
  await call('evidence.import', { clientId: first.id, uploadId: policy.uploadId, title: 'Email policy', kind: 'policy' });
  await call('bundle.export', { assessmentId: a.id, draft: true });
  // An upload waiting to be imported when the disk fills.
  const staged = await b.services.transfers.receive(Readable.from([Buffer.from('Incident procedure\n'.repeat(20_000))]), 'incident.txt');
  const saved = { clients: 1, evidence: 1 };
  const before = files();

  // Fill the file system to the last byte.
  const filler = join(dir!, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  let filled = 0;
  for (;;) {
    try {
      const n = writeSync(fd, chunk, 0, chunk.length);
      filled += n;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      const one = Buffer.alloc(1);
      try {
        for (;;) filled += writeSync(fd, one);
      } catch {
        break;
      }
    }
  }
  closeSync(fd);

  // Workspace writes until one is refused (the WAL may hold a few first).
  const writes: { acked: number; refusal?: { code: string; message: string } } = { acked: 0 };
  for (let i = 1; i <= 400; i++) {
    const r = await b.dispatch('client.create', client(i));
    if (!r.ok) {
      writes.refusal = r.error;
      break;
    }
    writes.acked++;
  }
  saved.clients += writes.acked;

  let upload: string;
  try {
    await b.services.transfers.receive(Readable.from([Buffer.alloc(2_000_000, 0x41)]), 'big.txt');
    upload = 'accepted';
  } catch (e) {
    upload = (e as Error).message;
  }
  const importR = await b.dispatch('evidence.import', {
    clientId: first.id,
    uploadId: staged.uploadId,
    title: 'Incident procedure',
    kind: 'policy',
  });
  if (importR.ok) saved.evidence++;
  const exportR = await b.dispatch('bundle.export', { assessmentId: a.id, draft: true });

  const after = files();
  const clients = ((await b.dispatch('client.list', {})) as { ok: true; value: unknown[] }).value.length;
  const evidence = ((await b.dispatch('evidence.list', { clientId: first.id })) as { ok: true; value: unknown[] }).value.length;
  const audit = (await b.dispatch('audit.verify', {})) as { ok: true; value: { ok: boolean } };
  b.close();
  const db = new Database(join(dataDir, 'workspace.sqlite'), { readonly: true });
  const integrity = db.pragma('integrity_check', { simple: true });
  db.close();

  // Space again: the workspace takes writes once more.
  rmSync(filler);
  const b2 = open();
  const recovered = await b2.dispatch('client.create', client(999));
  b2.close();

  process.stdout.write(
    `${JSON.stringify({
      filled,
      writes,
      upload,
      importResult: importR.ok ? 'imported' : importR.error,
      exportResult: exportR.ok ? 'exported' : exportR.error,
      saved,
      clients,
      evidence,
      auditOk: audit.ok && audit.value.ok,
      integrity,
      newFiles: after.filter((f) => !before.includes(f)),
      lostFiles: before.filter((f) => !after.includes(f) && !f.startsWith('transfers/')),
      recovered: recovered.ok,
    })}\n`,
  );
})().catch((e: unknown) => {
  process.stdout.write(`${JSON.stringify({ crash: e instanceof Error ? (e.stack ?? e.message) : String(e) })}\n`);
  process.exitCode = 1;
});
