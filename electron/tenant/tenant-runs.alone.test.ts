import { afterEach, describe, expect, it } from 'vitest';
import { aloneStore, FakeFindings, FakeTransfers, type AloneStore } from '../../test/support/alone';
import { scriptOutputFor } from '../../test/fixtures/m365/script-output';
import { FIXTURE_TENANTS } from '../../test/fixtures/m365/tenants';
import { EventHub } from '../backend/event-hub';
import { BlobStore } from '../evidence/blob-store';
import { parseScriptFile } from '../probes/exchange/script-output';
import { parseSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type TenantSnapshot } from './snapshot';
import { TenantRuns } from './tenant-runs';

// The runs part built alone: recording a run over a snapshot (verdicts, source, times, the snapshot file) into a
// fake findings peer, and the refusals of its reads.

let store: AloneStore;
afterEach(() => store?.dispose());

function build() {
  store = aloneStore();
  const findings = new FakeFindings();
  const transfers = new FakeTransfers(store.dir);
  const runs = new TenantRuns({ clock: store.clock, events: new EventHub(), blobs: new BlobStore(store.dir), findings, transfers });
  return { findings, runs, transfers };
}

function scriptOnlySnapshot(importedAt: string): TenantSnapshot {
  const parsed = parseScriptFile(Buffer.from(JSON.stringify(scriptOutputFor(FIXTURE_TENANTS.e3Compliant()))));
  if (!parsed.ok) throw new Error(parsed.error);
  const out = parsed.value;
  return {
    format: SNAPSHOT_FORMAT,
    formatVersion: SNAPSHOT_VERSION,
    appVersion: '9.9.9-alone',
    tenantId: out.tenantId,
    cloud: 'global',
    graphBaseUrl: 'https://graph.microsoft.com',
    collectedAt: out.collectedAt,
    finishedAt: out.collectedAt,
    params: { signInsSince: out.collectedAt, signInWindowDays: 0 },
    exchanges: [],
    graph: {},
    exchange: { source: 'script', fileName: 'DCB1596-Exchange.json', sha256: 'a'.repeat(64), importedAt, output: out },
  };
}

describe('TenantRuns built alone', () => {
  it('records a script-only snapshot as a run made now, with its verdicts and the snapshot file, and ends the board', async () => {
    const { findings, runs } = build();
    const now = store.clock.now().toISOString();
    const snapshot = scriptOnlySnapshot(now);
    runs.progress.start('alone-op-0001');

    const r = await runs.record('client-1', snapshot, 'alone-op-0001', { live: false });

    expect(r).toMatchObject({ tenantId: snapshot.tenantId, exchangeSource: 'script', run: { source: 'customer-script' } });
    expect(findings.recorded).toHaveLength(1);
    const input = findings.recorded[0]!;
    expect(input).toMatchObject({ clientId: 'client-1', kind: 'tenant', target: snapshot.tenantId, startedAt: now, finishedAt: now });
    // The script's evidence is graded and says where it came from; the Graph checks, with no Graph evidence, say so.
    const by = Object.fromEntries(input.findings.map((f) => [f.check, f]));
    expect(by['exo.dkim-signing']).toMatchObject({ status: 'pass' });
    expect(by['exo.dkim-signing']!.detail).toContain("From the customer's PowerShell script output (collected 2026-11-22 16:04 UTC)");
    expect(by['mfa.enforced']).toMatchObject({ status: 'not-assessable', reason: 'not-collected' });
    expect(parseSnapshot(input.snapshot!.bytes)).toEqual(snapshot);
    expect(runs.progress.get('alone-op-0001')).toMatchObject({ phase: 'done' });
  });

  it('refuses to re-evaluate a run that is not a tenant probe, and to hand out a snapshot a run does not have', async () => {
    const { findings, runs, transfers } = build();
    const at = store.clock.now().toISOString();
    const domain = findings.add({
      clientId: 'client-1',
      kind: 'domain',
      target: 'alone.example.test',
      source: 'dns',
      startedAt: at,
      finishedAt: at,
      findings: [],
    });
    const bare = findings.add({
      clientId: 'client-1',
      kind: 'tenant',
      target: 'tenant-1',
      source: 'graph',
      startedAt: at,
      finishedAt: at,
      findings: [],
    });

    await expect(runs.reevaluate(domain.id, false)).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'This run is not a tenant probe.',
    });
    await expect(runs.evidence(bare.id)).rejects.toMatchObject({ code: 'not-found' });
    expect(() => runs.snapshotDownload(bare.id)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(transfers.downloads).toEqual([]);
    expect(findings.recorded).toEqual([]);
  });
});
