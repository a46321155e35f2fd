import { describe, expect, it } from 'vitest';
import { assertReadOnlyGraphRequest, parseBatchAnswer, ReadOnlyViolation } from './batch';

const get = (id: string, url = '/organization') => ({ id, method: 'GET', url });

describe('read-only guard', () => {
  it.each([
    ['a GET', 'GET', '/organization', undefined],
    ['a $batch of GETs', 'POST', '/$batch', { requests: [get('1'), get('2', "/users?$filter=id in ('x')")] }],
    ['a $batch of 20 GETs', 'POST', '/$batch', { requests: Array.from({ length: 20 }, (_, i) => get(String(i))) }],
  ])('allows %s', (_, method, path, body) => {
    expect(() => assertReadOnlyGraphRequest(method, path, body)).not.toThrow();
  });

  it.each([
    ['a PATCH', 'PATCH', '/users/1', { accountEnabled: false }],
    ['a POST to anything but $batch', 'POST', '/directoryObjects/getByIds', { ids: [] }],
    ['a DELETE', 'DELETE', '/users/1', undefined],
    ['a GET with a body', 'GET', '/organization', { x: 1 }],
    ['a $batch carrying a PATCH', 'POST', '/$batch', { requests: [get('1'), { id: '2', method: 'PATCH', url: '/users/1', body: {} }] }],
    ['a $batch carrying a POST', 'POST', '/$batch', { requests: [{ id: '1', method: 'POST', url: '/users' }] }],
    ['a $batch with an absolute URL', 'POST', '/$batch', { requests: [get('1', 'https://evil.example/v1.0/me')] }],
    ['a $batch with a protocol-relative URL', 'POST', '/$batch', { requests: [get('1', '//evil.example/x')] }],
    ['a $batch of 21', 'POST', '/$batch', { requests: Array.from({ length: 21 }, (_, i) => get(String(i))) }],
    ['an empty $batch', 'POST', '/$batch', { requests: [] }],
    ['a $batch with extra top-level fields', 'POST', '/$batch', { requests: [get('1')], then: 'PATCH' }],
    ['a $batch that is not JSON-shaped', 'POST', '/$batch', 'requests'],
  ])('refuses %s', (_, method, path, body) => {
    expect(() => assertReadOnlyGraphRequest(method, path, body)).toThrow(ReadOnlyViolation);
  });
});

describe('$batch answers', () => {
  const sent = new Set(['1', '2', '3']);

  it('reads each sub-response by its id, whatever the order, ignoring ids never sent and keeping the first of duplicates', () => {
    const r = parseBatchAnswer(
      {
        responses: [
          { id: '2', status: 403, body: { error: { code: 'Forbidden' } } },
          { id: '9', status: 200, body: {} },
          { id: '1', status: 200, headers: { 'Retry-After': 3 }, body: { value: [] } },
          { id: '1', status: 500 },
        ],
      },
      sent,
    );
    if (!r.ok) throw new Error(r.message);
    expect([...r.byId.keys()].sort()).toEqual(['1', '2']);
    expect(r.byId.get('1')!.status).toBe(200);
    expect(r.bad.size).toBe(0);
  });

  it('marks a sub-response without a usable status as malformed, for that request only', () => {
    const r = parseBatchAnswer(
      {
        responses: [
          { id: '1', status: '200', body: {} },
          { id: '2', status: 99 },
          { id: '3', status: 200, body: { ok: true } },
        ],
      },
      sent,
    );
    if (!r.ok) throw new Error(r.message);
    expect([...r.bad].sort()).toEqual(['1', '2']);
    expect(r.byId.get('3')!.body).toEqual({ ok: true });
  });

  it.each([
    ['no responses', {}],
    ['responses not a list', { responses: { id: '1' } }],
    ['an implausibly long list', { responses: Array.from({ length: 100 }, (_, i) => ({ id: String(i), status: 200 })) }],
  ])('refuses an envelope with %s', (_, body) => {
    expect(parseBatchAnswer(body, sent).ok).toBe(false);
  });
});
