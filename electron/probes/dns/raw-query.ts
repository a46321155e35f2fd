import dgram from 'node:dgram';
import net from 'node:net';
import { randomInt } from 'node:crypto';
import dnsPacket, { type DecodedPacket, type RecordType } from 'dns-packet';

// A single DNS query built with dns-packet, for what node:dns cannot do: read the AD (authentic data)
// flag of a validating resolver (nodejs/node#57159). UDP first, TCP when the answer is truncated.

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
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: o.dnssecOk ? dnsPacket.DNSSEC_OK : 0 } as dnsPacket.Answer],
  });
}

function matches(p: DecodedPacket, id: number, name: string): boolean {
  return p.type === 'response' && p.id === id && p.questions?.[0]?.name.toLowerCase() === name.toLowerCase();
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

function udpQuery(server: ServerAddress, id: number, name: string, query: Buffer, timeoutMs: number): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => finish(Object.assign(new Error('DNS query timed out'), { code: 'ETIMEOUT' })), timeoutMs);
    const finish = (err: Error | null, packet?: DecodedPacket) => {
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(packet!);
    };
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

function tcpQuery(server: ServerAddress, id: number, name: string, query: Buffer, timeoutMs: number): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => finish(Object.assign(new Error('DNS query timed out'), { code: 'ETIMEOUT' })), timeoutMs);
    const finish = (err: Error | null, packet?: DecodedPacket) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(packet!);
    };
    socket.on('error', (err) => finish(err));
    socket.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      socket.write(Buffer.concat([len, query]));
    });
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > MAX_TCP_MESSAGE + 2) return finish(Object.assign(new Error('DNS answer too large'), { code: 'EBADRESP' }));
      if (buf.length < 2) return;
      const need = buf.readUInt16BE(0);
      if (buf.length < need + 2) return;
      try {
        const p = dnsPacket.decode(buf.subarray(2, need + 2));
        if (!matches(p, id, name)) return finish(Object.assign(new Error('Unexpected DNS answer'), { code: 'EBADRESP' }));
        finish(null, p);
      } catch {
        finish(Object.assign(new Error('Unreadable DNS answer'), { code: 'EBADRESP' }));
      }
    });
    socket.on('end', () => finish(Object.assign(new Error('Connection closed before the answer'), { code: 'EBADRESP' })));
  });
}

export async function rawQuery(server: string, name: string, type: RecordType, o: RawQueryOptions): Promise<RawAnswer> {
  const addr = parseServer(server);
  const id = randomInt(1, 65_535);
  const query = buildQuery(id, name, type, o);
  const udp = await udpQuery(addr, id, name, query, o.timeoutMs);
  if (!udp.flag_tc) return summarise(udp, 'udp');
  return summarise(await tcpQuery(addr, id, name, query, o.timeoutMs), 'tcp');
}
