import net from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { certMatchesHost, peerChain, type CertInfo } from './cert-info';
import { ReplyReader, SmtpProtocolError, type ProtocolProblem } from './reply-reader';
import { Transcript, type TranscriptEntry } from './transcript';

// One SMTP conversation with one MX address: connect, wait for the whole 220 greeting
// (never talk first — Exim rejects early talkers), EHLO, STARTTLS, discard anything sent before the
// handshake, handshake with the requested TLS versions, EHLO again, QUIT. Never MAIL FROM. Every wait
// has a limit; the session as a whole has one too.

export type TlsVersionName = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface SessionTarget {
  mx: string;
  ip: string;
  port: number;
}

interface SessionTls {
  minVersion?: TlsVersionName;
  maxVersion?: TlsVersionName;
  ciphers?: string;
}

export interface SessionOptions {
  // Our EHLO name; an address literal of the local address when not set (RFC 5321 §4.1.4).
  ehloName?: string;
  connectTimeoutMs: number;
  bannerTimeoutMs: number;
  commandTimeoutMs: number;
  tls: SessionTls;
  extraCa?: readonly string[];
  // Only the first session of an address needs the post-TLS EHLO; the version probes just QUIT.
  ehloAfterTls: boolean;
}

type SessionOutcome =
  | 'tls-ok'
  | 'starttls-not-offered'
  | 'starttls-refused'
  | 'handshake-failed'
  | 'client-cannot-test'
  | 'refused'
  | 'connect-refused'
  | 'connect-timeout'
  | 'unreachable'
  | 'banner-timeout'
  | 'timeout'
  | 'protocol-error'
  | 'closed';

export interface TlsDetails {
  protocol: string | null;
  cipher: { name: string; standardName: string; version: string };
  ephemeral?: { type?: string; name?: string; size?: number };
  // Chain validation against the trust store; the hostname is judged separately.
  trusted: boolean;
  authorizationError?: string;
  hostnameMatch: boolean;
  chain: CertInfo[];
}

export interface SessionResult {
  target: SessionTarget;
  requested: SessionTls;
  outcome: SessionOutcome;
  // A protocol problem or TLS error, in words.
  error?: string;
  errorCode?: string;
  problem?: ProtocolProblem;
  banner?: string[];
  bannerMs?: number;
  // The reply code when the server refused us (421, 554…).
  refusalCode?: number;
  ehlo?: string[];
  extensions: string[];
  // Banner or EHLO lines masked by a firewall's SMTP inspection ("XXXXXXXA", "****").
  masked: boolean;
  ehloAfterTls?: string[];
  discardedBytes: number;
  tls?: TlsDetails;
  transcript: { entries: TranscriptEntry[]; dropped: number };
  ms: number;
}

const MASKED = /^(?:X{4,}A?|\*{4,})/i;

function isMasked(lines: readonly string[]): boolean {
  return lines.some((l) => MASKED.test(l.trim()) || /\*{6,}|X{8,}/.test(l));
}

function ehloArgument(opts: SessionOptions, socket: net.Socket): string {
  if (opts.ehloName) return opts.ehloName;
  const local = socket.localAddress ?? '127.0.0.1';
  return net.isIPv6(local) && !local.startsWith('::ffff:') ? `[IPv6:${local}]` : `[${local.replace(/^::ffff:/, '')}]`;
}

function connect(target: SessionTarget, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.ip, port: target.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
  });
}

function handshake(socket: net.Socket, target: SessionTarget, opts: SessionOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    let s: TLSSocket;
    try {
      s = tls.connect({
        socket,
        servername: net.isIP(target.mx) ? undefined : target.mx,
        rejectUnauthorized: false,
        ...(opts.tls.minVersion ? { minVersion: opts.tls.minVersion } : {}),
        ...(opts.tls.maxVersion ? { maxVersion: opts.tls.maxVersion } : {}),
        ...(opts.tls.ciphers ? { ciphers: opts.tls.ciphers } : {}),
        ...(opts.extraCa?.length ? { ca: [...tls.rootCertificates, ...opts.extraCa] } : {}),
      });
    } catch (err) {
      return reject(err);
    }
    const timer = setTimeout(() => {
      s.destroy();
      reject(Object.assign(new Error('TLS handshake did not finish in time'), { code: 'ETIMEDOUT' }));
    }, opts.commandTimeoutMs);
    s.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (err) => {
      clearTimeout(timer);
      s.destroy();
      reject(err);
    });
  });
}

function tlsDetails(s: TLSSocket, target: SessionTarget): TlsDetails {
  // First: on a socket upgraded from plain TCP, getPeerCertificate(true) came back empty once the other
  // accessors had run (Node 22.23).
  const chain = peerChain(s);
  const cipher = s.getCipher();
  const eph = s.getEphemeralKeyInfo();
  const leaf = s.getPeerX509Certificate();
  const authErr = s.authorizationError?.toString();
  return {
    protocol: s.getProtocol(),
    cipher: { name: cipher.name, standardName: cipher.standardName, version: cipher.version },
    ephemeral: eph && Object.keys(eph).length ? (eph as TlsDetails['ephemeral']) : undefined,
    trusted: s.authorized || authErr === 'ERR_TLS_CERT_ALTNAME_INVALID',
    authorizationError: authErr && authErr !== 'ERR_TLS_CERT_ALTNAME_INVALID' ? authErr : undefined,
    hostnameMatch: leaf ? certMatchesHost(leaf, target.mx) : false,
    chain,
  };
}

// OpenSSL's reason strings, in words a consultant can pass on to whoever runs the server.
const TLS_ERRORS: [RegExp, string][] = [
  [/excessive message size/i, 'the certificate chain is larger than common TLS libraries accept (about 100 KB)'],
  [/alert protocol version|unsupported protocol|wrong version number|no protocols available/i, 'no TLS version in common with the server'],
  [/no shared cipher|alert handshake failure|no suitable signature algorithm/i, 'no cipher suite in common with the server'],
  [/certificate verify failed/i, 'certificate verification failed'],
  [/ECONNRESET|socket hang up|disconnected before secure/i, 'the server closed the connection during the TLS handshake'],
  [/did not finish in time|ETIMEDOUT/i, 'the TLS handshake did not finish in time'],
];

function describeTlsError(err: NodeJS.ErrnoException): string {
  const text = `${err.code ?? ''} ${err.message}`;
  const known = TLS_ERRORS.find(([re]) => re.test(text));
  const raw = err.message
    .split('\n')[0]!
    .replace(/^[0-9A-F]{8,}:error:[0-9A-F]+:/, '')
    .slice(0, 200);
  return known ? `${known[1]} (${err.code ?? raw})` : raw;
}

// OpenSSL errors raised on our side before anything is sent: this client cannot try that version.
function clientRefused(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ERR_SSL_NO_PROTOCOLS_AVAILABLE' || /no protocols available|no ciphers available/i.test(err.message);
}

export async function runSession(target: SessionTarget, opts: SessionOptions): Promise<SessionResult> {
  const started = Date.now();
  const transcript = new Transcript();
  const result: SessionResult = {
    target,
    requested: opts.tls,
    outcome: 'closed',
    extensions: [],
    masked: false,
    discardedBytes: 0,
    transcript: transcript.toJSON(),
    ms: 0,
  };
  const reader = new ReplyReader(transcript);
  let socket: net.Socket | undefined;
  let secure: TLSSocket | undefined;
  // The whole conversation is bounded, whatever the server does.
  const hardLimitMs = opts.connectTimeoutMs + opts.bannerTimeoutMs + opts.commandTimeoutMs * 6;
  let hardTimer: NodeJS.Timeout | undefined;

  const send = (stream: net.Socket | TLSSocket, line: string) => {
    transcript.add('C', line);
    stream.write(`${line}\r\n`);
  };
  const quit = async (stream: net.Socket | TLSSocket) => {
    try {
      send(stream, 'QUIT');
      await reader.readReply(Math.min(2000, opts.commandTimeoutMs));
    } catch {
      // A server that hangs up without 221 is fine.
    }
  };

  const conversation = async (): Promise<void> => {
    try {
      socket = await connect(target, opts.connectTimeoutMs);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      result.errorCode = e.code;
      result.error = e.message;
      result.outcome =
        e.code === 'ECONNREFUSED'
          ? 'connect-refused'
          : e.code === 'ETIMEDOUT'
            ? 'connect-timeout'
            : e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || e.code === 'EADDRNOTAVAIL'
              ? 'unreachable'
              : 'connect-refused';
      transcript.add('i', `connect to ${target.ip}:${target.port} failed: ${e.code ?? e.message}`);
      return;
    }
    transcript.add('i', `connected to ${target.ip}:${target.port} (${target.mx})`);
    reader.attach(socket);

    const bannerStart = Date.now();
    const banner = await reader
      .readReply(opts.bannerTimeoutMs, { acceptCodes: (c) => c === 220 || c >= 400, maxSkipped: 3 })
      .catch((err) => {
        if (err instanceof SmtpProtocolError && err.problem === 'timeout') {
          result.outcome = 'banner-timeout';
          result.error = `no greeting within ${Math.round(opts.bannerTimeoutMs / 1000)} s`;
          return undefined;
        }
        throw err;
      });
    if (!banner) return;
    result.bannerMs = Date.now() - bannerStart;
    result.banner = banner.lines;
    result.masked = isMasked(banner.lines);
    if (banner.code !== 220) {
      result.outcome = 'refused';
      result.refusalCode = banner.code;
      result.error = `the server greeted with ${banner.code} ${banner.lines.join(' ').slice(0, 200)}`;
      await quit(socket);
      return;
    }

    send(socket, `EHLO ${ehloArgument(opts, socket)}`);
    const ehlo = await reader.readReply(opts.commandTimeoutMs);
    result.ehlo = ehlo.lines;
    if (ehlo.code === 421 || ehlo.code === 554) {
      result.outcome = 'refused';
      result.refusalCode = ehlo.code;
      result.error = `EHLO was answered with ${ehlo.code} ${ehlo.lines.join(' ').slice(0, 200)}`;
      return;
    }
    result.extensions = ehlo.code === 250 ? ehlo.lines.slice(1).map((l) => l.trim().split(/\s+/)[0]!.toUpperCase()) : [];
    result.masked ||= isMasked(ehlo.lines.slice(1));
    if (!result.extensions.includes('STARTTLS')) {
      result.outcome = 'starttls-not-offered';
      if (ehlo.code !== 250) result.error = `EHLO was answered with ${ehlo.code}`;
      await quit(socket);
      return;
    }

    send(socket, 'STARTTLS');
    const go = await reader.readReply(opts.commandTimeoutMs);
    if (go.code !== 220) {
      result.outcome = go.code === 421 ? 'refused' : 'starttls-refused';
      result.refusalCode = go.code;
      result.error = `STARTTLS was answered with ${go.code} ${go.lines.join(' ').slice(0, 200)}`;
      await quit(socket);
      return;
    }
    result.discardedBytes = reader.detach();
    if (result.discardedBytes) transcript.add('i', `discarded ${result.discardedBytes} bytes the server sent before the TLS handshake`);

    try {
      secure = await handshake(socket, target, opts);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      result.errorCode = e.code;
      result.error = describeTlsError(e);
      result.outcome = clientRefused(e) ? 'client-cannot-test' : 'handshake-failed';
      transcript.add('i', `TLS handshake failed: ${e.code ?? ''} ${result.error}`);
      return;
    }
    result.tls = tlsDetails(secure, target);
    result.outcome = 'tls-ok';
    transcript.add('i', `TLS ${result.tls.protocol} ${result.tls.cipher.standardName}`);
    for (const c of result.tls.chain) transcript.add('i', `certificate ${c.subject} (issuer ${c.issuer}, until ${c.notAfter})`);
    reader.attach(secure);
    if (opts.ehloAfterTls) {
      send(secure, `EHLO ${ehloArgument(opts, socket)}`);
      const again = await reader.readReply(opts.commandTimeoutMs).catch(() => undefined);
      if (again) result.ehloAfterTls = again.lines;
    }
    await quit(secure);
  };

  const talking = conversation();
  // If the overall limit wins, the conversation fails later when its sockets are destroyed: not an error.
  talking.catch(() => {});
  try {
    await Promise.race([
      talking,
      new Promise<never>((_, reject) => {
        hardTimer = setTimeout(() => reject(new SmtpProtocolError('timeout', 'the session ran past its overall time limit')), hardLimitMs);
      }),
    ]);
  } catch (err) {
    if (err instanceof SmtpProtocolError) {
      result.problem = err.problem;
      result.error = err.message;
      if (result.outcome !== 'tls-ok')
        result.outcome = err.problem === 'timeout' ? 'timeout' : err.problem === 'closed' ? 'closed' : 'protocol-error';
    } else {
      result.error = (err as Error).message;
      if (result.outcome !== 'tls-ok') result.outcome = 'protocol-error';
    }
    transcript.add('i', `stopped: ${result.error}`);
  } finally {
    clearTimeout(hardTimer);
    reader.detach();
    secure?.destroy();
    socket?.destroy();
  }
  result.transcript = transcript.toJSON();
  result.ms = Date.now() - started;
  return result;
}
