import tls from 'node:tls';
import { duplexPair } from 'node:stream';
import type { TlsVersionName } from './session';

// Can this Node/OpenSSL build even offer a TLS version? OpenSSL 3 refuses TLS 1.0/1.1 at security level
// 1 and above (nodejs/node#49210), so before spending an SMTP session on a version probe we start a
// handshake into an in-memory pipe: if a ClientHello comes out, we can test that version; if OpenSSL
// fails on its own side, the answer for that server is "cannot be tested by this client", never
// "the server refuses it".

const cache = new Map<string, Promise<boolean>>();

export function clientCanOffer(version: TlsVersionName, ciphers: string): Promise<boolean> {
  const key = `${version}|${ciphers}`;
  let p = cache.get(key);
  if (!p) {
    p = new Promise<boolean>((resolve) => {
      const [ours, theirs] = duplexPair();
      let done = false;
      const finish = (ok: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        socket?.destroy();
        ours.destroy();
        theirs.destroy();
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), 2000);
      // A TLS handshake record (0x16) is a ClientHello on its way; OpenSSL refusing sends an alert (0x15).
      theirs.once('data', (chunk: Buffer) => finish(chunk[0] === 0x16));
      let socket: tls.TLSSocket | undefined;
      try {
        socket = tls.connect({
          socket: ours,
          minVersion: version,
          maxVersion: version,
          ciphers,
          rejectUnauthorized: false,
          servername: 'capability.invalid',
        });
        socket.on('error', () => finish(false));
      } catch {
        finish(false);
      }
    });
    cache.set(key, p);
  }
  return p;
}
