import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { TestBackend } from './temp-backend';
import { sampleClientInput } from './temp-backend';
import { samplePdf } from '../fixtures/evidence/samples';

// Helpers for the backup tests: a workspace with real work in it, ZIP members read and rewritten, and a
// fingerprint of a data folder to prove a refused restore changed nothing.

export async function seedWorkspace(b: TestBackend) {
  await b.call('settings.update', { displayName: 'Alex Consultant' });
  const meadowbank = await b.call('client.create', sampleClientInput());
  const oakwood = await b.call(
    'client.create',
    sampleClientInput({
      legalName: 'Oakwood Homes Ltd',
      odsCode: 'AB12C',
      domains: ['oakwood.org.uk', 'oakwood-homes.co.uk'],
      route: 'google',
    }),
  );
  await b.call('client.update', {
    id: oakwood.id,
    revision: oakwood.revision,
    fields: {
      ...sampleClientInput({ legalName: 'Oakwood Homes Ltd', odsCode: 'AB12C', domains: ['oakwood.org.uk'], route: 'google' }),
      notes: 'Moved to Google in 2025',
    },
  });
  const archived = await b.call(
    'client.create',
    sampleClientInput({ legalName: 'Closed Care Ltd', odsCode: 'ZZ9', domains: ['closed.example.org'] }),
  );
  await b.call('client.setArchived', { id: archived.id, archived: true });
  const a = await b.call('assessment.create', { clientId: meadowbank.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
  await b.call('assessment.saveResponse', {
    assessmentId: a.id,
    requirementId: 'ORG-04',
    result: 'not-applicable',
    naJustification: 'No such thing here',
  });
  const pdf = await samplePdf();
  const up = async (bytes: Buffer | string, name: string) =>
    (await b.services.transfers.receive(Readable.from([Buffer.from(bytes)]), name)).uploadId;
  await b.call('evidence.import', {
    clientId: meadowbank.id,
    uploadId: await up(pdf, 'Pen test.pdf'),
    title: 'Pen test',
    kind: 'pen-test',
  });
  await b.call('evidence.import', {
    clientId: oakwood.id,
    uploadId: await up('Policy text\n'.repeat(5000), 'policy.txt'),
    title: 'Email policy',
    kind: 'policy',
  });
  return { meadowbank, oakwood, archived, assessment: a };
}

// Every table's rows, for "the restored workspace holds exactly what was backed up".
export function dumpTables(b: TestBackend, skip: string[] = []): Record<string, unknown[]> {
  const tables = (b.services.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[])
    .map((t) => t.name)
    .filter((t) => !skip.includes(t));
  return Object.fromEntries(tables.map((t) => [t, b.services.db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
}

// Hash of every file in a data folder except logs and transfers (which a refused restore may touch) and the
// SQLite shared-memory index (rewritten by reads).
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (rel === 'logs' || rel === 'transfers' || name.endsWith('-shm')) continue;
      if (statSync(p).isDirectory()) {
        out[`${rel}/`] = 'dir';
        walk(p);
      } else out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

export interface Member {
  name: string;
  data: Buffer;
  // Where the member's (compressed) bytes start in the ZIP, and how many there are.
  dataStart: number;
  compressedSize: number;
}

export async function readMembers(file: string): Promise<Member[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const out: Member[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c as Buffer);
      const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
      out.push({ name: entry.fileName, data: Buffer.concat(chunks), dataStart: fileDataStart, compressedSize: entry.compressedSize });
    }
  } finally {
    zip.close();
  }
  return out;
}

export function writeZip(file: string, members: { name: string; data: Buffer }[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const m of members) z.addBuffer(m.data, m.name);
    z.end();
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => {
      writeFileSync(file, Buffer.concat(chunks));
      resolve();
    });
    z.outputStream.on('error', reject);
  });
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
