import { describe, expect, it } from 'vitest';
import { FakeAssessments, FakeClients, fakeDetail, FakeFindings, FakePortfolio, makeClient } from '../../test/support/alone';
import { FakeClock } from '../../test/support/temp-backend';
import { silentLogger } from '../logging/logger';
import type { DomainChecksService } from '../mail-domain/domain-checks-service';
import { probeOptionsFromSettings } from '../mail-domain/probe-options';
import { parseDueWindow } from '../../shared/domain/due-window';
import { Settings } from '../../shared/contract/settings';
import type { Client } from '../../shared/contract/clients';
import { runBatchRenewal } from './batch-renewal';

const at = '2026-11-01T09:00:00.000Z';

// The domain-checks peer: records what it is asked to check; a sample domain must never reach it.
class RecordingDomainChecks implements Pick<DomainChecksService, 'checkOne'> {
  readonly asked: string[] = [];
  async checkOne(_clientId: string, domain: string): ReturnType<DomainChecksService['checkOne']> {
    this.asked.push(domain);
    throw new Error(`${domain} was looked up`);
  }
}

describe('runBatchRenewal built alone', () => {
  it('takes the clients due from the portfolio peer, never looks up sample domains, and reports the blockers of the assessments peer', async () => {
    const due = makeClient({
      id: '00000000-0000-4000-8000-000000000001',
      legalName: 'Sample Care Ltd',
      odsCode: 'SC001',
      domains: ['sample-care.example.test'],
      sample: true,
    });
    const notDue = makeClient({ legalName: 'Later Care Ltd', odsCode: 'LC001' });
    const row = (c: Client, expiresOn: string) => ({
      clientId: c.id,
      legalName: c.legalName,
      odsCode: c.odsCode,
      route: c.route,
      sample: c.sample,
      domainCount: c.domains.length,
      status: 'accredited' as const,
      expiresOn,
      failingChecks: 0,
      evidenceExpiring: 0,
    });
    const portfolio = new FakePortfolio({ today: '2026-11-23', rows: [row(due, '2026-12-10'), row(notDue, '2027-06-01')] });
    const clients = new FakeClients([due, notDue]);
    const findings = new FakeFindings();
    const previous = findings.add({
      clientId: due.id,
      kind: 'domain',
      target: 'sample-care.example.test',
      source: 'dns+smtp',
      startedAt: at,
      finishedAt: at,
      findings: [],
    });
    const assessments = new FakeAssessments();
    const aId = '00000000-0000-4000-8000-0000000000a1';
    assessments.add(
      fakeDetail({
        id: aId,
        clientId: due.id,
        cycle: 2026,
        plannedSubmissionDate: '2026-12-01',
        percent: 60,
        blockers: ['ORG-01 has no answer yet'],
      }),
    );
    const clock = new FakeClock();
    const domainChecks = new RecordingDomainChecks();
    const window = parseDueWindow('30d', '2026-11-23');
    if (!window.ok) throw new Error(window.error);

    const report = await runBatchRenewal(
      { clock, log: silentLogger, assessments, clients, findings, portfolio, domainChecks },
      { window: window.value, probe: probeOptionsFromSettings(Settings.parse({})) },
    );

    expect(report.clients.map((c) => [c.legalName, c.due])).toEqual([['Sample Care Ltd', 'expires']]);
    expect(clients.asked).toEqual([due.id]);
    expect(report.clients[0]!.domains).toEqual([
      expect.objectContaining({ domain: 'sample-care.example.test', outcome: 'sample', runId: null, previousRunAt: previous.finishedAt }),
    ]);
    expect(domainChecks.asked).toEqual([]);
    expect(findings.recorded).toEqual([]);
    expect(report.clients[0]!.cycle).toMatchObject({ assessmentId: aId, readinessPercent: 60 });
    expect(report.clients[0]!.blockers.map((b) => b.message)).toEqual(['ORG-01 has no answer yet']);
    expect(report.summary).toMatchObject({ clientsDue: 1, domainsChecked: 0, clientsBlocked: 1 });
    // Once to choose the clients, once for their status after the checks.
    expect(portfolio.calls).toBe(2);
  });
});
