import { looksBlocked, preflight, type Connector, type PreflightResult } from './preflight';
import { probeAddress, type AddressProbe, type AddressProbeOptions } from './starttls-probe';

// The transport phase for one domain: pick the addresses of each MX host, check the SMTP port is reachable
// at all from here, then probe every reachable address. Addresses are probed one session at a time each
// (sessions to one address are queued), different addresses in parallel.

export interface MxTarget {
  mx: string;
  ipv4: readonly string[];
  ipv6: readonly string[];
}

export interface SmtpPhaseOptions extends AddressProbeOptions {
  port: number;
  // Labs and tests: a different port per MX host (loopback servers cannot all listen on 25).
  portFor?: (mx: string, ip: string) => number;
  preflightTimeoutMs: number;
  maxAddressesPerHost: number;
  connector?: Connector;
  onProgress?: (message: string) => void;
}

export interface HostProbe {
  mx: string;
  addresses: AddressProbe[];
  // Addresses we did not run SMTP sessions against, and why (port closed, no IPv6 route…).
  notProbed: PreflightResult[];
  noAddresses: boolean;
}

export interface SmtpPhase {
  port: number;
  blocked: boolean;
  preflight: PreflightResult[];
  hosts: HostProbe[];
  ms: number;
}

export async function probeMxHosts(targets: readonly MxTarget[], o: SmtpPhaseOptions): Promise<SmtpPhase> {
  const started = Date.now();
  const portOf = (mx: string, ip: string) => o.portFor?.(mx, ip) ?? o.port;
  const chosen = targets.map((t) => ({ mx: t.mx, ips: [...t.ipv4, ...t.ipv6].slice(0, o.maxAddressesPerHost) }));

  const unique = new Map<string, { ip: string; port: number }>();
  for (const t of chosen) for (const ip of t.ips) unique.set(`${ip}|${portOf(t.mx, ip)}`, { ip, port: portOf(t.mx, ip) });
  o.onProgress?.(`Checking that port ${o.port} is reachable on ${unique.size} mail server address${unique.size === 1 ? '' : 'es'}`);
  const pre = await Promise.all([...unique.values()].map((u) => preflight(u.ip, u.port, o.preflightTimeoutMs, o.connector)));
  const preOf = (ip: string, port: number) => pre.find((p) => p.ip === ip && p.port === port)!;
  const blocked = looksBlocked(pre);

  // One queue per address: a server sees our sessions one after the other.
  const queues = new Map<string, Promise<unknown>>();
  const queued = <T>(key: string, job: () => Promise<T>): Promise<T> => {
    const prev = queues.get(key) ?? Promise.resolve();
    const next = prev.then(job, job);
    queues.set(
      key,
      next.catch(() => {}),
    );
    return next;
  };

  const hosts = await Promise.all(
    chosen.map(async ({ mx, ips }): Promise<HostProbe> => {
      const host: HostProbe = { mx, addresses: [], notProbed: [], noAddresses: ips.length === 0 };
      if (blocked) {
        host.notProbed = ips.map((ip) => preOf(ip, portOf(mx, ip)));
        return host;
      }
      for (const ip of ips) {
        const port = portOf(mx, ip);
        const p = preOf(ip, port);
        if (p.outcome !== 'open') {
          host.notProbed.push(p);
          continue;
        }
        o.onProgress?.(`Testing STARTTLS on ${mx} (${ip})`);
        host.addresses.push(await queued(`${ip}|${port}`, () => probeAddress({ mx, ip, port }, o)));
      }
      return host;
    }),
  );
  return { port: o.port, blocked, preflight: pre, hosts, ms: Date.now() - started };
}
