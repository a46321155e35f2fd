import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';

// Tests here may only talk to 127.0.0.1. The guard refuses (and records) any attempt to connect a TCP
// socket, send a UDP datagram or resolve a name anywhere else, so a handler that unexpectedly reaches out
// fails the test instead of sending traffic.

export interface NetworkGuard {
  readonly attempts: string[];
  restore(): void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

export function blockNetwork(): NetworkGuard {
  const attempts: string[] = [];
  const refuse = (what: string) => {
    attempts.push(what);
    return Object.assign(new Error(`Network access blocked in tests: ${what}`), { code: 'ECONNREFUSED' });
  };

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = args[0] as { host?: string; port?: number; path?: string } | number | string;
    const opts =
      typeof first === 'object' && first !== null
        ? first
        : { port: Number(first), host: typeof args[1] === 'string' ? args[1] : 'localhost' };
    if (!opts.path && !LOOPBACK.has(opts.host ?? 'localhost')) {
      const err = refuse(`tcp ${opts.host}:${opts.port}`);
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;

  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function (this: dgram.Socket, ...args: unknown[]) {
    const address = args.find((a, i) => i > 0 && typeof a === 'string') as string | undefined;
    if (address && !LOOPBACK.has(address)) {
      const cb = args.find((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
      const err = refuse(`udp ${address}`);
      if (cb) process.nextTick(() => cb(err));
      return;
    }
    return (send as (...a: unknown[]) => void).apply(this, args);
  } as typeof dgram.Socket.prototype.send;

  const lookup = dns.lookup;
  (dns as { lookup: unknown }).lookup = function (hostname: string, ...rest: unknown[]) {
    if (LOOPBACK.has(hostname)) return (lookup as (...a: unknown[]) => void)(hostname, ...rest);
    const cb = rest.find((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
    const err = refuse(`dns ${hostname}`);
    if (cb) process.nextTick(() => cb(err));
  };

  return {
    attempts,
    restore() {
      net.Socket.prototype.connect = connect;
      dgram.Socket.prototype.send = send;
      (dns as { lookup: unknown }).lookup = lookup;
    },
  };
}
