import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../shared/domain/checks';
import { GRADING_RULES, gradingTableMarkdown } from '../shared/domain/grading-rules';

// The grading table is written once (grading-rules.ts); the README prints it and must not drift.

describe('the grading table', () => {
  it('covers every status of every mail-domain check, each line with a source', () => {
    const mailChecks = Object.keys(CHECKS).filter((c) => c.startsWith('dns.') || c.startsWith('smtp.'));
    expect(Object.keys(GRADING_RULES).sort()).toEqual(mailChecks.sort());
    for (const [check, rules] of Object.entries(GRADING_RULES)) {
      const statuses = new Set(rules.map((r) => r.status));
      expect([...statuses].sort(), check).toEqual(
        ['fail', 'not-assessable', 'pass', ...(check === 'smtp.tls-version' ? [] : ['warn'])].sort(),
      );
      for (const r of rules) expect(r.source.length, `${check}: ${r.when}`).toBeGreaterThan(5);
    }
  });

  it('is printed in the README exactly', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(gradingTableMarkdown(CHECKS));
  });
});
