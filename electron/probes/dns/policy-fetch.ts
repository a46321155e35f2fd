import https from 'node:https';
import tls, { type TLSSocket } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import { certInfo, certMatchesHost, type CertInfo } from '../smtp/cert-info';

// The HTTPS GET of an MTA-STS policy (RFC 8461 §3.3), to the address our resolver gave for
// mta-sts.<domain> — never a lookup by the OS — with the host name as SNI and Host header. Redirects are
// not followed. We connect without rejecting bad certificates so we can say exactly what is wrong with
// one (and still read the policy's mode), then grade the certificate ourselves.

const MAX_POLICY_BYTES = 64 * 1024;

type FetchOutcome = 'ok' | 'connect-failed' | 'timeout' | 'tls-failed' | 'http-status' | 'redirect' | 'too-large';

export interface PolicyFetchFacts {
  url: string;
  ip: string;
  port: number;
  outcome: FetchOutcome;
  error?: string;
  status?: number;
  contentType?: string;
  location?: string;
  body?: string;
  bodyBytes: number;
  lineEndings?: 'crlf' | 'lf' | 'mixed' | 'none';
  certificate?: CertInfo;
  // Chain validation against the trust store (the hostname is checked separately).
  trusted?: boolean;
  authorizationError?: string;
  hostnameMatch?: boolean;
  ms: number;
}

export interface PolicyFetchOptions {
  port: number;
  timeoutMs: number;
  // Extra trust anchors (tests, lab CAs), added to Node's bundled roots.
  extraCa?: readonly string[];
}

export function lineEndingsOf(text: string): PolicyFetchFacts['lineEndings'] {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  if (crlf === 0 && lf === 0) return 'none';
  if (lf === 0) return 'crlf';
  return crlf === 0 ? 'lf' : 'mixed';
}

export function fetchPolicy(host: string, ip: string, o: PolicyFetchOptions): Promise<PolicyFetchFacts> {
  const started = Date.now();
  const path = '/.well-known/mta-sts.txt';
  const facts: PolicyFetchFacts = { url: `https://${host}${path}`, ip, port: o.port, outcome: 'connect-failed', bodyBytes: 0, ms: 0 };
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: FetchOutcome, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      facts.outcome = outcome;
      if (error) facts.error = error;
      facts.ms = Date.now() - started;
      req.destroy();
      resolve(facts);
    };
    const timer = setTimeout(() => done('timeout', `no complete answer within ${Math.round(o.timeoutMs / 1000)} s`), o.timeoutMs);
    const req = https.request({
      host: ip,
      port: o.port,
      path,
      method: 'GET',
      servername: host,
      headers: { host, 'user-agent': 'DCB1596-Workbench (MTA-STS check)', accept: 'text/plain' },
      rejectUnauthorized: false,
      ...(o.extraCa?.length ? { ca: [...tls.rootCertificates, ...o.extraCa] } : {}),
      agent: false,
      timeout: o.timeoutMs,
    });
    req.on('socket', (socket) => {
      socket.once('secureConnect', () => {
        const s = socket as TLSSocket;
        const x = s.getPeerX509Certificate();
        if (x) {
          facts.certificate = certInfo(x);
          facts.hostnameMatch = certMatchesHost(x, host);
        }
        facts.trusted = s.authorized || s.authorizationError?.toString() === 'ERR_TLS_CERT_ALTNAME_INVALID';
        const authErr = s.authorizationError?.toString();
        if (authErr && authErr !== 'ERR_TLS_CERT_ALTNAME_INVALID') facts.authorizationError = authErr;
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const tlsError = /SSL|TLS|certificate|handshake/i.test(`${err.code ?? ''} ${err.message}`) && err.code !== 'ECONNREFUSED';
      done(
        tlsError && facts.certificate === undefined ? 'tls-failed' : 'connect-failed',
        `${err.code ?? 'error'}: ${err.message}`.slice(0, 300),
      );
    });
    req.on('timeout', () => done('timeout', 'the server stopped answering'));
    req.on('response', (res: IncomingMessage) => {
      facts.status = res.statusCode;
      facts.contentType = res.headers['content-type'];
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400) {
        facts.location = res.headers.location;
        return done('redirect');
      }
      const declared = Number(res.headers['content-length']);
      if (declared > MAX_POLICY_BYTES) return done('too-large', `the server announced ${declared} bytes`);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        facts.bodyBytes += c.length;
        if (facts.bodyBytes > MAX_POLICY_BYTES) return done('too-large', `more than ${MAX_POLICY_BYTES} bytes`);
        chunks.push(c);
      });
      res.on('end', () => {
        facts.body = Buffer.concat(chunks).toString('utf8');
        facts.lineEndings = lineEndingsOf(facts.body);
        done(res.statusCode === 200 ? 'ok' : 'http-status', res.statusCode === 200 ? undefined : `HTTP ${res.statusCode}`);
      });
      res.on('error', (err) => done('connect-failed', err.message));
    });
    req.end();
  });
}
