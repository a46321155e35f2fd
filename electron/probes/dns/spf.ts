import { spf as evaluateSpf } from 'mailauth/lib/spf/index.js';
import { readTxt, type TxtRecord } from './txt';
import type { DnsResolverPort, LookupOutcome } from './resolver';

// mailauth evaluates the record the way a receiver does (strict RFC 7208 mode, lookup and void
// counters, include/redirect recursion) for a TEST-NET client address that never matches, so the whole
// tree is walked and the result is the policy's answer for an arbitrary sender. Our own walk over the
// same (cached) answers adds what a report needs: the tree as found, include loops, the total number of
// DNS-querying terms even past the limit, and `ptr` use.

export const SPF_PROBE_IP = '192.0.2.1'; // TEST-NET-1 (RFC 5737): never a real sender

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

interface SpfEvaluation {
  result: SpfResult;
  comment?: string;
  lookups?: { limit: number; count: number; void: number };
  warnings?: string[];
  record?: string;
}

export interface SpfNode {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  outcome: LookupOutcome;
  record?: string;
  spfRecordCount: number;
  // DNS-querying terms in this record alone (include, a, mx, ptr, exists, redirect).
  lookupTerms: number;
  allQualifier?: '+' | '-' | '~' | '?';
  redirect?: string;
  children: SpfNode[];
  // This include or redirect points back at a record already on the path.
  loop?: boolean;
  // Targets with macros cannot be followed statically.
  macroTargets: string[];
  // mx terms whose name has more than 10 MX records: RFC 7208 §4.6.4 makes that a permanent error by
  // itself, whatever the lookup count.
  mxOverLimit?: { name: string; count: number }[];
}

export interface SpfFacts {
  domain: string;
  txtOutcome: LookupOutcome;
  txtError?: string;
  // Every TXT record at the domain (other TXT records matter for the "near miss" rules).
  txtRecords: TxtRecord[];
  spfRecords: TxtRecord[];
  nearMisses: { record: string; problem: 'leading-space' | 'version-typo' | 'spf2' }[];
  evaluation: SpfEvaluation;
  tree?: SpfNode;
  totalLookupTerms: number;
  loopPath?: string[];
  usesPtr: boolean;
  usesMacros: boolean;
  // The `all` that applies to the domain (following a redirect), or none: the default is neutral.
  effectiveAll?: '+' | '-' | '~' | '?';
}

const SPF_VERSION = /^v=spf1(?: |$)/i;
const LOOKUP_MECHANISMS = new Set(['include', 'a', 'mx', 'ptr', 'exists']);
const MAX_NODES = 40;
const MAX_MX_PER_TERM = 10;

interface ParsedTerm {
  qualifier: '+' | '-' | '~' | '?';
  name: string;
  value?: string;
  modifier: boolean;
}

export function parseSpfTerms(record: string): ParsedTerm[] {
  return record
    .trim()
    .split(/\s+/)
    .slice(1)
    .filter(Boolean)
    .map((raw) => {
      const eq = raw.indexOf('=');
      const colon = raw.search(/[:/]/);
      if (eq > 0 && (colon < 0 || eq < colon)) {
        return { qualifier: '+', name: raw.slice(0, eq).toLowerCase(), value: raw.slice(eq + 1), modifier: true };
      }
      const qualifier = /^[+\-~?]/.test(raw) ? (raw[0] as ParsedTerm['qualifier']) : '+';
      const body = qualifier === '+' && raw[0] !== '+' ? raw : raw.slice(1);
      const sep = body.search(/[:/]/);
      const name = (sep < 0 ? body : body.slice(0, sep)).toLowerCase();
      const value = sep < 0 ? undefined : body[sep] === ':' ? body.slice(sep + 1) : body.slice(sep);
      return { qualifier, name, value, modifier: false };
    });
}

async function walk(
  dns: DnsResolverPort,
  domain: string,
  via: SpfNode['via'],
  path: string[],
  budget: { nodes: number },
): Promise<SpfNode> {
  const node: SpfNode = { domain, via, outcome: 'answer', spfRecordCount: 0, lookupTerms: 0, children: [], macroTargets: [] };
  if (path.includes(domain)) {
    node.loop = true;
    return node;
  }
  if (--budget.nodes < 0) return node;
  const txt = await readTxt(dns, domain);
  node.outcome = txt.outcome;
  const spf = txt.records.filter((r) => SPF_VERSION.test(r.text));
  node.spfRecordCount = spf.length;
  if (spf.length !== 1) return node;
  node.record = spf[0]!.text;
  for (const term of parseSpfTerms(node.record)) {
    if (term.modifier) {
      if (term.name === 'redirect' && term.value) {
        node.lookupTerms++;
        node.redirect = term.value.toLowerCase().replace(/\.$/, '');
      }
      continue;
    }
    if (term.name === 'all') node.allQualifier = term.qualifier;
    if (!LOOKUP_MECHANISMS.has(term.name)) continue;
    node.lookupTerms++;
    if (term.name === 'mx') {
      const target = (term.value?.startsWith('/') ? undefined : term.value?.replace(/\/.*$/, '')) || domain;
      if (!target.includes('%')) {
        const count = await dns.mx(target).then(
          (rows) => rows.length,
          () => 0,
        );
        if (count > MAX_MX_PER_TERM) (node.mxOverLimit ??= []).push({ name: target.toLowerCase(), count });
      }
    }
    if (term.name === 'include' && term.value) {
      if (term.value.includes('%')) node.macroTargets.push(term.value);
      else node.children.push(await walk(dns, term.value.toLowerCase().replace(/\.$/, ''), 'include', [...path, domain], budget));
    }
  }
  // A redirect only applies when the record has no `all` (RFC 7208 §6.1).
  if (node.redirect && !node.allQualifier) {
    if (node.redirect.includes('%')) node.macroTargets.push(node.redirect);
    else node.children.push(await walk(dns, node.redirect, 'redirect', [...path, domain], budget));
  }
  return node;
}

function total(node: SpfNode): number {
  return node.lookupTerms + node.children.reduce((n, c) => n + total(c), 0);
}

function findLoop(node: SpfNode, path: string[] = []): string[] | undefined {
  const here = [...path, node.domain];
  if (node.loop) return here;
  for (const c of node.children) {
    const found = findLoop(c, here);
    if (found) return found;
  }
  return undefined;
}

export function mxOverLimit(node: SpfNode | undefined): { name: string; count: number } | undefined {
  if (!node) return undefined;
  return node.mxOverLimit?.[0] ?? node.children.map(mxOverLimit).find(Boolean);
}

// How a domain was reached in the tree: through include: or redirect= (the first time it appears).
export function reachedVia(node: SpfNode | undefined, domain: string): SpfNode['via'] | undefined {
  if (!node) return undefined;
  if (node.domain === domain.toLowerCase()) return node.via;
  for (const c of node.children) {
    const v = reachedVia(c, domain);
    if (v) return v;
  }
  return undefined;
}

function anyRecord(node: SpfNode, test: (r: string) => boolean): boolean {
  return (node.record !== undefined && test(node.record)) || node.children.some((c) => anyRecord(c, test));
}

function effectiveAll(node: SpfNode): SpfNode['allQualifier'] {
  if (node.allQualifier) return node.allQualifier;
  const redirect = node.children.find((c) => c.via === 'redirect');
  return redirect ? effectiveAll(redirect) : undefined;
}

export async function gatherSpf(dns: DnsResolverPort, domain: string, opts: { maxElapsedMs: number }): Promise<SpfFacts> {
  const txt = await readTxt(dns, domain);
  const spfRecords = txt.records.filter((r) => SPF_VERSION.test(r.text));
  const nearMisses: SpfFacts['nearMisses'] = [];
  for (const r of txt.records) {
    if (SPF_VERSION.test(r.text)) continue;
    if (SPF_VERSION.test(r.text.trimStart())) nearMisses.push({ record: r.text, problem: 'leading-space' });
    else if (/^\s*v=spf\d/i.test(r.text)) nearMisses.push({ record: r.text, problem: 'version-typo' });
    else if (/^\s*spf2\.0\//i.test(r.text)) nearMisses.push({ record: r.text, problem: 'spf2' });
  }

  const raw = await evaluateSpf({
    sender: `postmaster@${domain}`,
    ip: SPF_PROBE_IP,
    helo: domain,
    mta: 'dcb1596-workbench.invalid',
    resolver: dns.mailauthResolver,
    strict: true,
    maxElapsedTime: opts.maxElapsedMs,
  });
  const evaluation: SpfEvaluation = {
    result: raw.status.result as SpfResult,
    comment: typeof raw.status.comment === 'string' ? raw.status.comment : undefined,
    lookups: raw.lookups ? { limit: raw.lookups.limit, count: raw.lookups.count, void: raw.lookups.void } : undefined,
    warnings: (raw as { warnings?: string[] }).warnings,
    record: raw.rr,
  };

  const facts: SpfFacts = {
    domain,
    txtOutcome: txt.outcome,
    txtError: txt.error,
    txtRecords: txt.records,
    spfRecords,
    nearMisses,
    evaluation,
    totalLookupTerms: 0,
    usesPtr: false,
    usesMacros: false,
  };
  if (spfRecords.length === 1) {
    const tree = await walk(dns, domain, 'root', [], { nodes: MAX_NODES });
    facts.tree = tree;
    facts.totalLookupTerms = total(tree);
    facts.loopPath = findLoop(tree);
    facts.usesPtr = anyRecord(tree, (r) => parseSpfTerms(r).some((t) => t.name === 'ptr'));
    facts.usesMacros = anyRecord(tree, (r) => r.includes('%{'));
    facts.effectiveAll = effectiveAll(tree);
  }
  return facts;
}
