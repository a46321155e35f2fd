import { clientCanOffer } from './client-capability';
import { runSession, type SessionOptions, type SessionResult, type SessionTarget, type TlsVersionName } from './session';

// The shallow scan for one MX address (the Hardenize lesson: fast scans get blocked): a default
// handshake, then one session per TLS version we still need to learn about — TLS 1.2 only, TLS 1.3 only
// when the default did not already tell us, and TLS 1.1 and 1.0 with OpenSSL's security level 0 so that
// our side does not refuse them. Sessions to one address never overlap and are spaced by a small gap.

type VersionState = 'accepted' | 'rejected' | 'client-cannot-test' | 'not-tested' | 'inconclusive';

export interface VersionProbe {
  state: VersionState;
  detail?: string;
  cipher?: string;
  keyExchange?: { type?: string; name?: string; size?: number };
}

export interface AddressProbe {
  target: SessionTarget;
  // The first (default) session: STARTTLS, certificate, negotiated protocol and cipher.
  main: SessionResult;
  versions: Record<TlsVersionName, VersionProbe>;
  sessions: SessionResult[];
}

interface ProbeTimings {
  connectTimeoutMs: number;
  bannerTimeoutMs: number;
  commandTimeoutMs: number;
  // Pause between two sessions to the same address.
  gapMs: number;
}

export interface AddressProbeOptions extends ProbeTimings {
  ehloName?: string;
  extraCa?: readonly string[];
  // OpenSSL cipher string for the TLS 1.0/1.1 probes; security level 0 lets OpenSSL 3 offer them.
  legacyCiphers: string;
}

export const LEGACY_CIPHERS = 'DEFAULT@SECLEVEL=0';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sessionOptions(o: AddressProbeOptions, tls: SessionOptions['tls'], ehloAfterTls: boolean): SessionOptions {
  return {
    ehloName: o.ehloName,
    connectTimeoutMs: o.connectTimeoutMs,
    bannerTimeoutMs: o.bannerTimeoutMs,
    commandTimeoutMs: o.commandTimeoutMs,
    extraCa: o.extraCa,
    tls,
    ehloAfterTls,
  };
}

function versionFrom(s: SessionResult): VersionProbe {
  switch (s.outcome) {
    case 'tls-ok':
      return { state: 'accepted', cipher: s.tls?.cipher.standardName, keyExchange: s.tls?.ephemeral };
    case 'handshake-failed':
      return { state: 'rejected', detail: s.error };
    case 'client-cannot-test':
      return { state: 'client-cannot-test', detail: s.error };
    default:
      return { state: 'inconclusive', detail: s.error ?? s.outcome };
  }
}

const stopsProbing = (s: SessionResult) => s.outcome === 'refused' || s.outcome === 'connect-timeout' || s.outcome === 'unreachable';

export async function probeAddress(target: SessionTarget, o: AddressProbeOptions): Promise<AddressProbe> {
  const sessions: SessionResult[] = [];
  const run = async (tls: SessionOptions['tls'], ehloAfterTls = false) => {
    if (sessions.length) await sleep(o.gapMs);
    const s = await runSession(target, sessionOptions(o, tls, ehloAfterTls));
    sessions.push(s);
    return s;
  };
  const notTested = (detail: string): VersionProbe => ({ state: 'not-tested', detail });
  const versions: Record<TlsVersionName, VersionProbe> = {
    'TLSv1.3': notTested('not reached'),
    'TLSv1.2': notTested('not reached'),
    'TLSv1.1': notTested('not reached'),
    TLSv1: notTested('not reached'),
  };

  const main = await run({}, true);
  const offered = main.outcome === 'tls-ok' || main.outcome === 'handshake-failed' || main.outcome === 'client-cannot-test';
  if (!offered) {
    const why = main.outcome === 'starttls-not-offered' ? 'STARTTLS is not offered' : 'the first session did not reach TLS';
    for (const v of Object.keys(versions) as TlsVersionName[]) versions[v] = notTested(why);
    return { target, main, versions, sessions };
  }

  // Node offers TLS 1.2 and 1.3 by default, so the server's pick already says a lot.
  const negotiated = main.tls?.protocol;
  if (negotiated === 'TLSv1.3') versions['TLSv1.3'] = versionFrom(main);
  if (negotiated === 'TLSv1.2') {
    versions['TLSv1.2'] = versionFrom(main);
    versions['TLSv1.3'] = { state: 'rejected', detail: 'the server chose TLS 1.2 although we offered TLS 1.3' };
  }

  const plan: TlsVersionName[] = [];
  if (versions['TLSv1.2'].state === 'not-tested') plan.push('TLSv1.2');
  if (versions['TLSv1.3'].state === 'not-tested') plan.push('TLSv1.3');
  plan.push('TLSv1.1', 'TLSv1');

  let stopped: string | undefined;
  for (const v of plan) {
    if (stopped) {
      versions[v] = notTested(stopped);
      continue;
    }
    const legacy = v === 'TLSv1' || v === 'TLSv1.1';
    const ciphers = legacy ? o.legacyCiphers : undefined;
    if (legacy && !(await clientCanOffer(v, o.legacyCiphers))) {
      versions[v] = {
        state: 'client-cannot-test',
        detail: `this computer's TLS library (OpenSSL ${process.versions.openssl}) will not offer ${v}`,
      };
      continue;
    }
    const s = await run({ minVersion: v, maxVersion: v, ...(ciphers ? { ciphers } : {}) });
    if (s.outcome === 'starttls-not-offered' || s.outcome === 'starttls-refused') {
      versions[v] = { state: 'inconclusive', detail: `STARTTLS was not available in this session (${s.outcome})` };
      continue;
    }
    versions[v] = versionFrom(s);
    if (stopsProbing(s)) stopped = `the server stopped accepting our sessions (${s.error ?? s.outcome})`;
  }
  return { target, main, versions, sessions };
}
