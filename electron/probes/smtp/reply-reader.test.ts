import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { ReplyReader, SmtpProtocolError } from './reply-reader';
import { Transcript } from './transcript';

function reader(limits?: ConstructorParameters<typeof ReplyReader>[1]) {
  const stream = new PassThrough();
  const transcript = new Transcript();
  const r = new ReplyReader(transcript, limits);
  r.attach(stream);
  return { stream, r, transcript };
}

const problemOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return err instanceof SmtpProtocolError ? err.problem : `other: ${(err as Error).message}`;
  }
};

describe('ReplyReader', () => {
  it('reads single and multi-line replies, across chunk boundaries and with bare LF', async () => {
    const { stream, r } = reader();
    stream.write('220 mx.example ESMTP\r\n250-mx.exa');
    stream.write('mple\r\n250-PIPELINING\n250 STARTTLS\r\n');
    expect(await r.readReply(1000)).toEqual({ code: 220, lines: ['mx.example ESMTP'] });
    expect(await r.readReply(1000)).toEqual({ code: 250, lines: ['mx.example', 'PIPELINING', 'STARTTLS'] });
  });

  it('accepts a bare code with no text', async () => {
    const { stream, r } = reader();
    stream.write('221\r\n');
    expect(await r.readReply(1000)).toEqual({ code: 221, lines: [''] });
  });

  it.each([
    ['garbage instead of a reply', ['HTTP/1.1 400 Bad Request\r\n'], 'garbage'],
    ['a multi-line reply that changes code', ['250-one\r\n354 two\r\n'], 'garbage'],
    ['a line longer than the limit', ['220 ' + 'x'.repeat(5000)], 'line-too-long'],
    ['a reply that never ends', [Array.from({ length: 150 }, (_, i) => `250-line ${i}\r\n`).join('')], 'reply-too-long'],
    ['a closed connection', [], 'closed'],
  ])('reports %s as a protocol problem', async (_name, chunks, problem) => {
    const { stream, r } = reader();
    for (const c of chunks) stream.write(c);
    if (!chunks.length) stream.end();
    expect(await problemOf(r.readReply(1000))).toBe(problem);
  });

  it('times out on silence, within the limit', async () => {
    const { r } = reader();
    const t = Date.now();
    expect(await problemOf(r.readReply(150))).toBe('timeout');
    expect(Date.now() - t).toBeLessThan(1000);
  });

  it('stops buffering a flood it was not asked to read', async () => {
    const { stream, r } = reader({ maxLineBytes: 4096, maxReplyLines: 100, maxBacklogBytes: 10_000 });
    stream.write('250-x\r\n'.repeat(3000));
    await new Promise((res) => setImmediate(res));
    expect(await problemOf(r.readReply(500))).toBe('flood');
  });

  it('skips replies before the greeting when asked to (an appliance sending "250-STARTTLS" early)', async () => {
    const { stream, r, transcript } = reader();
    stream.write('250-STARTTLS\r\n220 mx.example ESMTP\r\n');
    const greeting = await r.readReply(1000, { acceptCodes: (c) => c === 220 || c >= 400, maxSkipped: 3 });
    expect(greeting.code).toBe(220);
    expect(transcript.entries.some((e) => e.dir === 'i' && /before the greeting/.test(e.text))).toBe(true);
  });

  it('detach() throws away bytes sent before the TLS handshake and reports how many', async () => {
    const { stream, r } = reader();
    stream.write('220 Go ahead\r\n250 INJECTED\r\n');
    await r.readReply(1000);
    expect(r.detach()).toBe('250 INJECTED\r\n'.length);
    stream.write('250 after detach\r\n');
    // Nothing is read from the old stream any more.
    expect(await problemOf(r.readReply(100))).toBe('timeout');
  });
});
