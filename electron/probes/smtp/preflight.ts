import net from 'node:net';

// Many networks (home and business ISPs, AWS, Azure, GCP…) silently drop outbound port 25; the
// symptom is a connect timeout, not a refusal. A short TCP connect to every MX address tells us whether
// the transport checks can say anything from here before we spend 30-second banner waits on them.

type PreflightOutcome = 'open' | 'refused' | 'timeout' | 'unreachable' | 'error';

export interface PreflightResult {
  ip: string;
  port: number;
  outcome: PreflightOutcome;
  code?: string;
  ms: number;
}

export type Connector = (ip: string, port: number) => net.Socket;
const defaultConnector: Connector = (ip, port) => net.connect({ host: ip, port });

export function preflight(ip: string, port: number, timeoutMs: number, connector: Connector = defaultConnector): Promise<PreflightResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connector(ip, port);
    const finish = (outcome: PreflightOutcome, code?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ip, port, outcome, code, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish('timeout', 'ETIMEDOUT'), timeoutMs);
    socket.once('connect', () => finish('open'));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const c = err.code;
      finish(
        c === 'ECONNREFUSED' || c === 'ECONNRESET'
          ? 'refused'
          : c === 'EHOSTUNREACH' || c === 'ENETUNREACH' || c === 'EADDRNOTAVAIL'
            ? 'unreachable'
            : 'error',
        c,
      );
    });
  });
}

// Nothing answered on the SMTP port anywhere: either this network blocks it or every server is down.
// From one vantage point the two look the same, so neither may count as a failure of the domain.
export function looksBlocked(results: readonly PreflightResult[]): boolean {
  return results.length > 0 && results.every((r) => r.outcome !== 'open');
}
