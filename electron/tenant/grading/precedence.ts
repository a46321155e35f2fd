import { lc, nameOf } from './exo-rows';

// Which protection policy actually applies (Microsoft Learn, "Order and precedence of email protection"):
// the Strict preset, then the Standard preset, then custom policies in rule priority order (0 first), then
// the default policy (or, for Safe Links and Safe Attachments, the built-in protection policy). A recipient
// gets the first that includes them, so a weak custom policy above a strong default is a real gap, and a
// preset that covers everyone makes every custom policy irrelevant. Pure: rows in, the applied list out.

export interface ScopedRule {
  Name?: string | null;
  Identity?: string | null;
  State?: string | null;
  Priority?: number | null;
  SentTo: string[];
  SentToMemberOf: string[];
  RecipientDomainIs: string[];
  ExceptIfSentTo: string[];
  ExceptIfSentToMemberOf: string[];
  ExceptIfRecipientDomainIs: string[];
}

export interface PolicyLike {
  Name?: string | null;
  Identity?: string | null;
  IsDefault?: boolean | null;
  RecommendedPolicyType?: string | null;
  IsBuiltInProtection?: boolean | null;
}

type AppliedVia = 'strict-preset' | 'standard-preset' | 'custom' | 'default' | 'built-in';

export interface Applied<P> {
  policy: P;
  via: AppliedVia;
  // Whether it reaches every recipient it can (the rest, for a default behind scoped policies).
  everyone: boolean;
  label: string;
}

const enabled = (r: { State?: string | null }) => lc(r.State ?? 'enabled') === 'enabled';
const coversEveryone = (r: ScopedRule) =>
  r.SentTo.length + r.SentToMemberOf.length + r.RecipientDomainIs.length === 0 &&
  r.ExceptIfSentTo.length + r.ExceptIfSentToMemberOf.length + r.ExceptIfRecipientDomainIs.length === 0;

function scopeText(r: ScopedRule): string {
  const parts = [
    r.SentTo.length && `${r.SentTo.length} recipient(s)`,
    r.SentToMemberOf.length && `members of ${r.SentToMemberOf.join(', ')}`,
    r.RecipientDomainIs.length && `recipients in ${r.RecipientDomainIs.join(', ')}`,
  ].filter(Boolean);
  const except = r.ExceptIfSentTo.length + r.ExceptIfSentToMemberOf.length + r.ExceptIfRecipientDomainIs.length;
  return `${parts.length ? parts.join(', ') : 'everyone'}${except ? ', with exceptions' : ''}`;
}

function presetKind(r: { Name?: string | null; Identity?: string | null }): 'strict' | 'standard' | undefined {
  const n = lc(r.Identity ?? r.Name);
  return n.startsWith('strict preset security policy')
    ? 'strict'
    : n.startsWith('standard preset security policy')
      ? 'standard'
      : undefined;
}

export function appliedPolicies<P extends PolicyLike, R extends ScopedRule>(
  policies: P[],
  rules: R[],
  policyOf: (r: R) => string | null | undefined,
  presetRules: ScopedRule[],
): Applied<P>[] {
  const out: Applied<P>[] = [];
  for (const kind of ['strict', 'standard'] as const) {
    const rule = presetRules.find((r) => presetKind(r) === kind && enabled(r));
    const policy = policies.find((p) => lc(p.RecommendedPolicyType) === kind);
    if (!rule || !policy) continue;
    const everyone = coversEveryone(rule);
    out.push({
      policy,
      via: `${kind}-preset`,
      everyone,
      label: `the ${kind === 'strict' ? 'Strict' : 'Standard'} preset (${scopeText(rule)})`,
    });
    if (everyone) return out;
  }
  const custom = rules.filter(enabled).sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
  for (const r of custom) {
    const target = lc(policyOf(r));
    const policy = policies.find((p) => lc(p.Name) === target || lc(p.Identity) === target);
    if (!policy || isPresetOrBuiltIn(policy)) continue;
    const everyone = coversEveryone(r);
    out.push({ policy, via: 'custom', everyone, label: `"${nameOf(policy)}" (priority ${r.Priority ?? 0}, ${scopeText(r)})` });
    if (everyone) return out;
  }
  const fallback =
    policies.find((p) => p.IsDefault === true && !isPresetOrBuiltIn(p)) ??
    policies.find((p) => p.IsBuiltInProtection === true || lc(p.RecommendedPolicyType) === 'builtinprotection') ??
    policies.find((p) => lc(p.Name ?? p.Identity) === 'default');
  if (fallback) {
    const builtIn = fallback.IsBuiltInProtection === true || lc(fallback.RecommendedPolicyType) === 'builtinprotection';
    out.push({
      policy: fallback,
      via: builtIn ? 'built-in' : 'default',
      everyone: true,
      label: `${builtIn ? 'the built-in protection policy' : `the default policy "${nameOf(fallback)}"`}${out.length ? ' (everyone else)' : ''}`,
    });
  }
  return out;
}

function isPresetOrBuiltIn(p: PolicyLike): boolean {
  const t = lc(p.RecommendedPolicyType);
  return t === 'standard' || t === 'strict' || t === 'builtinprotection' || p.IsBuiltInProtection === true;
}

export type Grade = { status: 'pass' | 'warn' | 'fail'; gaps: string[] };

// Grades each applied policy (presets are Microsoft's recommended settings and pass as such) and keeps
// the worst, naming the policies that fall short.
export function gradeApplied<P>(applied: Applied<P>[], grade: (p: P) => Grade) {
  const graded = applied.map((a) => ({
    ...a,
    grade: a.via === 'strict-preset' || a.via === 'standard-preset' ? ({ status: 'pass', gaps: [] } as Grade) : grade(a.policy),
  }));
  const rank = { pass: 0, warn: 1, fail: 2 } as const;
  const worst = graded.reduce<'pass' | 'warn' | 'fail'>((w, g) => (rank[g.grade.status] > rank[w] ? g.grade.status : w), 'pass');
  const lines = graded.map((g) => `• ${g.label}: ${g.grade.gaps.length ? g.grade.gaps.join('; ') : 'meets the baseline'}`);
  const weak = graded.filter((g) => g.grade.status !== 'pass');
  return { status: worst, graded, weak, lines };
}
