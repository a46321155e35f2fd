import type { NetworkProblem } from '../../../shared/contract/domain-checks';
import { CHECK_IDS, type CheckId } from '../../../shared/domain/checks';
import { isIndeterminate, type LookupOutcome } from '../../probes/dns/resolver';

// Whether this computer's DNS can be believed for a run. Asked only when the domain's own MX lookup said
// "no such name" or got no answer: the resolver is then asked for the DNS root's NS records, which every
// working resolver can give. A resolver that says the root does not exist answers NXDOMAIN for
// everything (captive portals, broken networks): nothing it says about the domain can be graded, and
// "the domain does not exist — register it" would be false. A resolver that does not answer at all makes
// every check "not assessed" for the same reason, which is said once, not in each of the 11 findings.

// The checks a domain run reports when no MX host could be reached (one set of SMTP findings), in
// their catalogue order.
export const CHECK_IDS_OF_DOMAIN_RUN: readonly CheckId[] = CHECK_IDS.filter((c) => /^(dns|smtp)\./.test(c));

export function networkProblem(rootOutcome: LookupOutcome, servers: readonly string[]): NetworkProblem | undefined {
  if (rootOutcome === 'answer') return undefined;
  const who = `${servers.length === 1 ? 'DNS server' : 'DNS servers'} ${servers.join(', ')}`;
  if (isIndeterminate(rootOutcome))
    return {
      state: 'unreachable',
      summary: `No DNS server answered (${who}), so no check could be graded`,
      explanation: [
        `Not even a question about the DNS root got an answer from ${who}. That says nothing about the domain: it only means this computer cannot use DNS right now.`,
        'Check the network connection (a VPN or firewall may block DNS), or choose another DNS server in Settings › DNS, then run the checks again. This run is not kept as evidence.',
      ],
    };
  return {
    state: 'unreliable',
    summary: `The network's DNS is unreliable: ${who} says even the DNS root does not exist, so no check could be graded`,
    explanation: [
      `${who} answered "no such name" for the DNS root itself, which every working resolver knows. Networks that need a sign-in page (hotel, guest or hospital Wi-Fi) and broken routers answer like this for every name, so its answer about the domain cannot be believed.`,
      'Sign in to the network (open any web page), connect to another network, or choose another DNS server in Settings › DNS, then run the checks again. This run is not kept as evidence.',
    ],
  };
}
