import { afterEach, describe, expect, it } from 'vitest';
import { TENANT_CHECKS } from '../../shared/contract/tenant';
import { checkInfo } from '../../shared/domain/checks';
import { buildRows } from '../../renderer/src/features/assessments/checklist-model';
import { createTestBackend, sampleClientInput, type TestBackend } from '../support/temp-backend';

// The tenant tab promises that every tenant check feeds the checklist. These four once did not: the contract
// kept its own check→requirement map, which disagreed with the catalogue. Now the catalogue is the one map
// (shared/domain/catalogue/check-map.ts); this test follows a recorded tenant run through the backend to the
// checklist rows the renderer draws.

let b: TestBackend;
afterEach(() => b?.dispose());

const ONCE_LOST: Record<string, string[]> = {
  'exo.anti-malware': ['O365-05'],
  'exo.anti-spam': ['O365-05'],
  'exo.message-encryption': ['ORG-04', 'O365-10'],
  'exo.mobile-mailbox-policy': ['ORG-02', 'O365-09'],
};

async function checklistAfterFailingRun(checks: string[]) {
  b = createTestBackend();
  const client = await b.call('client.create', sampleClientInput({ route: 'o365' }));
  const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026 });
  await b.services.findings.recordRun({
    clientId: client.id,
    kind: 'tenant',
    target: 'meadowbank.onmicrosoft.com',
    source: 'graph+exchange-rest',
    startedAt: '2026-11-22T09:00:00Z',
    finishedAt: '2026-11-22T09:01:00Z',
    findings: checks.map((check) => ({ check: check as never, status: 'fail' as const, summary: `${check} is off` })),
  });
  const detail = await b.call('assessment.get', { id: a.id });
  return { detail, rows: buildRows(detail) };
}

describe('tenant checks reach the checklist', () => {
  it('shows the four once-lost checks on the requirements the catalogue names, with a readiness issue each', async () => {
    const { detail, rows } = await checklistAfterFailingRun(Object.keys(ONCE_LOST));
    for (const [check, ids] of Object.entries(ONCE_LOST)) {
      const showing = rows.filter((r) => r.findings.some((f) => f.check === check)).map((r) => r.requirement.id);
      expect(showing, check).toEqual(expect.arrayContaining(ids));
      const issues = [...detail.readiness.blockers, ...detail.readiness.warnings].filter((i) => i.check === check);
      expect(issues, check).toHaveLength(1);
      expect(issues[0]!.requirementIds, check).toEqual(expect.arrayContaining(ids));
      expect(issues[0]!.kind).toBe('check-failed');
    }
  });

  it('every tenant check lands on at least one requirement of a Microsoft 365 checklist', async () => {
    const { detail, rows } = await checklistAfterFailingRun(TENANT_CHECKS);
    const lost = TENANT_CHECKS.filter((check) => !rows.some((r) => r.findings.some((f) => f.check === check)));
    expect(lost).toEqual([]);
    const issues = [...detail.readiness.blockers, ...detail.readiness.warnings];
    const silent = TENANT_CHECKS.filter((c) => !checkInfo(c).advisory && !issues.some((i) => i.check === c));
    expect(silent).toEqual([]);
  });
});
