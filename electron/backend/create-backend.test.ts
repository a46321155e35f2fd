import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract } from '../../shared/contract';
import { buildHandlers, checkHandlers } from './handlers';
import { createTestBackend, sampleClientInput, type TestBackend } from '../../test/support/temp-backend';

let b: TestBackend;
afterEach(() => b?.dispose());

describe('dispatch', () => {
  it('rejects unknown channels without throwing', async () => {
    b = createTestBackend();
    expect(await b.dispatch('client.drop', {})).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: expect.stringContaining('Unknown channel') },
    });
    expect(await b.dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await b.dispatch('toString', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('rejects invalid input with field issues and saves nothing', async () => {
    b = createTestBackend();
    const r = await b.dispatch('client.create', { legalName: '', odsCode: 'not valid!', domains: ['https://x.com'], route: 'nhsmail' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-input');
    const paths = r.error.issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['legalName', 'odsCode', 'domains.0', 'route']));
    expect(r.error.issues!.find((i) => i.path === 'odsCode')!.message).toMatch(/letters and digits/);
    expect(await b.call('client.list', {})).toEqual([]);
  });

  it('rejects unknown keys, including prototype-pollution keys', async () => {
    b = createTestBackend();
    const hostile = JSON.parse(`{"legalName":"X","odsCode":"AB1","domains":["a.co.uk"],"route":"o365","__proto__":{"polluted":true}}`);
    const r = await b.dispatch('client.create', hostile);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never leaks a stack trace', async () => {
    b = createTestBackend();
    const r = await b.dispatch('client.get', { id: '00000000-0000-4000-8000-000000000000' });
    expect(r).toEqual({ ok: false, error: { code: 'not-found', message: 'The client was not found. It may have been deleted.' } });
  });
});

describe('clients', () => {
  it('creates, lists, searches, edits and archives a client, and it survives a restart', async () => {
    b = createTestBackend();
    const created = await b.call(
      'client.create',
      sampleClientInput({
        tradingName: 'Meadowbank',
        domains: ['Meadowbank-Care.co.uk', 'bücher-care.example'],
        cqcLocationIds: ['1-123456789'],
        sites: [{ name: 'Meadowbank House', odsCode: 'vn3k8' }],
        contacts: [{ name: 'Sam Manager', role: 'Registered manager', email: 'sam@meadowbank-care.co.uk' }],
      }),
    );
    expect(created).toMatchObject({
      odsCode: 'VN3K7',
      domains: ['meadowbank-care.co.uk', 'xn--bcher-care-9db.example'],
      sites: [{ name: 'Meadowbank House', odsCode: 'VN3K8' }],
      revision: 1,
      archived: false,
    });
    await b.call(
      'client.create',
      sampleClientInput({ legalName: 'Oakwood Homes', odsCode: 'AB1', domains: ['oakwood.org.uk'], route: 'self-managed' }),
    );

    expect((await b.call('client.list', { search: 'oak' })).map((c) => c.odsCode)).toEqual(['AB1']);
    expect((await b.call('client.list', { search: 'meadowbank-care.co' })).map((c) => c.odsCode)).toEqual(['VN3K7']);
    expect(await b.call('client.list', { search: '%' })).toEqual([]);

    const edited = await b.call('client.update', {
      id: created.id,
      revision: 1,
      fields: sampleClientInput({ legalName: 'Meadowbank Care Group Ltd' }),
    });
    expect(edited).toMatchObject({ legalName: 'Meadowbank Care Group Ltd', revision: 2, sites: [] });

    await b.call('client.setArchived', { id: created.id, archived: true });
    expect((await b.call('client.list', {})).map((c) => c.odsCode)).toEqual(['AB1']);
    expect((await b.call('client.list', { includeArchived: true })).map((c) => c.odsCode)).toEqual(['AB1', 'VN3K7']);

    b = b.restart();
    const again = await b.call('client.get', { id: created.id });
    expect(again).toMatchObject({ legalName: 'Meadowbank Care Group Ltd', archived: true, revision: 3 });
  });

  it('refuses a stale revision and a duplicate ODS code', async () => {
    b = createTestBackend();
    const c = await b.call('client.create', sampleClientInput());
    await b.call('client.update', { id: c.id, revision: 1, fields: sampleClientInput({ legalName: 'A' }) });
    await expect(b.call('client.update', { id: c.id, revision: 1, fields: sampleClientInput({ legalName: 'B' }) })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(b.call('client.create', sampleClientInput({ legalName: 'Other' }))).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already belongs to A'),
    });
    expect((await b.call('client.get', { id: c.id })).legalName).toBe('A');
  });

  it('audits every change with old and new values in a verifiable chain', async () => {
    b = createTestBackend();
    await b.call('settings.update', { displayName: 'Alex Consultant' });
    const c = await b.call('client.create', sampleClientInput());
    await b.call('client.update', { id: c.id, revision: 1, fields: sampleClientInput({ route: 'google' }) });
    const log = await b.call('audit.list', { clientId: c.id });
    expect(log.map((e) => e.action)).toEqual(['client.update', 'client.create']);
    expect(log[0]).toMatchObject({ actor: 'Alex Consultant', changes: [{ field: 'route', from: 'o365', to: 'google' }] });
    expect(await b.call('audit.verify', {})).toMatchObject({ ok: true, problems: [] });
  });
});

describe('contract', () => {
  it('every channel declares its kind', () => {
    for (const def of Object.values(contract)) expect(['query', 'mutation']).toContain(def.kind);
  });

  it('every channel has a handler: the backend refuses to build a handler map that lacks one', () => {
    b = createTestBackend();
    const handlers: Partial<Record<string, unknown>> = buildHandlers(b.services);
    // The map the backend runs on passes (createBackend calls buildHandlers, which calls checkHandlers).
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(() => checkHandlers(handlers)).not.toThrow();
    // Removing any one handler makes construction fail, naming the channel.
    for (const name of ['client.create', 'bundle.export', CHANNEL_NAMES[CHANNEL_NAMES.length - 1]!]) {
      const { [name]: _removed, ...rest } = handlers;
      expect(() => checkHandlers(rest)).toThrow(`no handler for ${name}`);
    }
    // A handler for a channel the contract does not name is refused too.
    expect(() => checkHandlers({ ...handlers, 'client.drop': () => undefined })).toThrow('handlers for unknown channels client.drop');
  });

  it('settings round-trip with defaults filled in', async () => {
    b = createTestBackend();
    const s = await b.call('settings.get', {});
    expect(s.dns.servers.length).toBeGreaterThan(0);
    await b.call('settings.update', { ...s, displayName: 'Jo', dns: { ...s.dns, servers: ['127.0.0.1:5353'] } });
    b = b.restart();
    expect((await b.call('settings.get', {})).dns.servers).toEqual(['127.0.0.1:5353']);
    expect(await b.dispatch('settings.update', { ...s, dns: { ...s.dns, servers: ['dns.google'] } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });
});
