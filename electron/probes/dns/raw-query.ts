import dgram from 'node:dgram';
import net from 'node:net';
import { randomInt } from 'node:crypto';
import dnsPacket, { type DecodedPacket, type RecordType } from 'dns-packet';

// The project's one DNS client: a query built with dns-packet, sent to the configured resolver over UDP,
// then TCP when the answer is truncated. We do not use node:dns (c-ares) because it refuses names RFC 7208
// allows (`:`, `/`, spaces in macro-expanded names: EBADNAME), rejects a whole answer holding an empty TXT
// record (EBADRESP), and cannot show the AD (authentic data) flag of a validating resolver
// (nodejs/node#57159). The Resolver port (resolver.ts) and the DNSSEC check both ask through here.

export interface ServerAddress {
  host: string;
  port: number;
}

// "1.1.1.1", "127.0.0.1:5353", "2606:4700::1111", "[2606:4700::1111]:53"
export function parseServer(server: string): ServerAddress {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : 53 };
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(server);
  if (v4) return { host: v4[1]!, port: v4[2] ? Number(v4[2]) : 53 };
  if (net.isIPv6(server)) return { host: server, port: 53 };
  throw new Error(`Not a DNS server address: ${server}`);
}

export interface RawQueryOptions {
  dnssecOk?: boolean;
  checkingDisabled?: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  // Send an EDNS OPT record (RFC 6891) advertising 1232-byte UDP answers. Without it (as the Resolver
  // port asks) an answer over 512 bytes comes back truncated and is fetched again over TCP, the path a
  // receiver without EDNS takes, so a record that needs TCP is seen as such.
  edns?: boolean;
}

export interface RawAnswer {
  rcode: string;
  authenticData: boolean;
  truncated: boolean;
  answerCount: number;
  transport: 'udp' | 'tcp';
}

const MAX_TCP_MESSAGE = 65_535;

function buildQuery(id: number, name: string, type: RecordType, o: RawQueryOptions): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    // AD in a query asks for the AD bit in the answer (RFC 6840 §5.7); CD asks the resolver not to validate.
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA | (o.checkingDisabled ? dnsPacket.CHECKING_DISABLED : 0),
    questions: [{ type, name, class: 'IN' }],
    additionals:
      o.edns === false && !o.dnssecOk
        ? []
        : [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: o.dnssecOk ? dnsPacket.DNSSEC_OK : 0 } as dnsPacket.Answer],
  });
}

// dns-packet gives the root as "."; we ask for it as "".
const bare = (n: string) => n.toLowerCase().replace(/\.$/, '');

function matches(p: DecodedPacket, id: number, name: string): boolean {
  const q = p.questions?.[0]?.name;
  return p.type === 'response' && p.id === id && q !== undefined && bare(q) === bare(name);
}

function summarise(p: DecodedPacket, transport: 'udp' | 'tcp'): RawAnswer {
  return {
    rcode: (p as DecodedPacket & { rcode?: string }).rcode ?? 'NOERROR',
    authenticData: Boolean(p.flag_ad),
    truncated: Boolean(p.flag_tc),
    answerCount: p.answers?.length ?? 0,
    transport,
  };
}

const codeError = (message: string, code: string) => Object.assign(new Error(message), { code });

// Settles once: clears the timer, drops the abort listener, closes the socket.
function settler(
  close: () => void,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  resolve: (p: DecodedPacket) => void,
  reject: (e: Error) => void,
) {
  let done = false;
  const onAbort = () => finish(codeError('DNS query cancelled', 'ECANCELLED'));
  const timer = setTimeout(() => finish(codeError('DNS query timed out', 'ETIMEOUT')), timeoutMs);
  const finish = (err: Error | null, packet?: DecodedPacket) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    close();
    if (err) reject(err);
    else resolve(packet!);
  };
  if (signal?.aborted) queueMicrotask(onAbort);
  else signal?.addEventListener('abort', onAbort, { once: true });
  return finish;
}

function udpQuery(server: ServerAddress, id: number, name: string, query: Buffer, o: RawQueryOptions): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    const finish = settler(() => socket.close(), o.timeoutMs, o.signal, resolve, reject);
    socket.on('error', (err) => finish(err));
    socket.on('message', (msg, rinfo) => {
      if (rinfo.address !== server.host || rinfo.port !== server.port) return;
      try {
        const p = dnsPacket.decode(msg);
        if (matches(p, id, name)) finish(null, p);
      } catch {
        // Not a DNS message for us: keep waiting until the timeout.
      }
    });
    socket.send(query, server.port, server.host);
  });
}

function tcpQuery(server: ServerAddress, id: number, name: string, query: Buffer, o: RawQueryOptions): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let buf = Buffer.alloc(0);
    const finish = settler(() => socket.destroy(), o.timeoutMs, o.signal, resolve, reject);
    socket.on('error', (err) => finish(err));
    socket.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      socket.write(Buffer.concat([len, query]));
    });
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > MAX_TCP_MESSAGE + 2) return finish(codeError('DNS answer too large', 'EBADRESP'));
      if (buf.length < 2) return;
      const need = buf.readUInt16BE(0);
      if (buf.length < need + 2) return;
      try {
        const p = dnsPacket.decode(buf.subarray(2, need + 2));
        if (!matches(p, id, name)) return finish(codeError('Unexpected DNS answer', 'EBADRESP'));
        finish(null, p);
      } catch {
        finish(codeError('Unreadable DNS answer', 'EBADRESP'));
      }
    });
    socket.on('end', () => finish(codeError('Connection closed before the answer', 'EBADRESP')));
  });
}

export interface Exchange {
  packet: DecodedPacket & { rcode?: string };
  transport: 'udp' | 'tcp';
}

// One question to one server: UDP, then TCP when the answer is truncated. Rejects with a c-ares style
// code (ETIMEOUT, ECANCELLED, EBADRESP, or the socket's own) when no usable answer came back.
export async function exchange(server: string, name: string, type: RecordType, o: RawQueryOptions): Promise<Exchange> {
  const addr = parseServer(server);
  const id = randomInt(1, 65_535);
  const query = buildQuery(id, name, type, o);
  const udp = await udpQuery(addr, id, name, query, o);
  if (!udp.flag_tc) return { packet: udp, transport: 'udp' };
  return { packet: await tcpQuery(addr, id, name, query, o), transport: 'tcp' };
}

export async function rawQuery(server: string, name: string, type: RecordType, o: RawQueryOptions): Promise<RawAnswer> {
  const { packet, transport } = await exchange(server, name, type, o);
  return summarise(packet, transport);
}
