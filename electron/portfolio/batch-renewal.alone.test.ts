import { describe, expect, it } from 'vitest';
import {
  FakeAssessments,
  FakeClients,
  fakeDetail,
  FakeFindings,
  FakePortfolio,
  makeClient,
  RecordingEvents,
} from '../../test/support/alone';
import { FakeClock } from '../../test/support/temp-backend';
import { silentLogger } from '../logging/logger';
import type { DomainChecksService } from '../mail-domain/domain-checks-service';
import type { Client } from '../../shared/contract/clients';
import type { EventPayload } from '../../shared/contract/events';
import { BatchRenewalService } from './batch-renewal';

const at = '2026-11-01T09:00:00.000Z';

// The domain-checks peer: records what it is asked to check; a sample domain must never reach it.
class RecordingDomainChecks implements Pick<DomainChecksService, 'checkOne'> {
  readonly asked: string[] = [];
  async checkOne(input: { domain: string }): ReturnType<DomainChecksService['checkOne']> {
    this.asked.push(input.domain);
    throw new Error(`${input.domain} was looked up`);
  }
}

describe('BatchRenewalService built alone', () => {
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
    const events = new RecordingEvents();
    const renewals = new BatchRenewalService({ clock, events, log: silentLogger, assessments, clients, findings, portfolio, domainChecks });

    const report = await renewals.run({ dueWithin: '30d', operationId: 'renew-op-01' });

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
    // Progress for the operation the caller named, ending with a finished event.
    const progress = events.emitted.map((e) => e.payload as EventPayload<'operation.progress'>);
    expect(progress.map((p) => [p.operationId, p.message, p.finished])).toEqual([
      ['renew-op-01', '[1/1] Sample Care Ltd (SC001)', false],
      ['renew-op-01', '  checking sample-care.example.test', false],
      ['renew-op-01', 'Checked 0 domains', true],
    ]);
  });

  it('refuses a period it cannot read, before asking any peer', async () => {
    const portfolio = new FakePortfolio({ today: '2026-11-23', rows: [] });
    const renewals = new BatchRenewalService({
      clock: new FakeClock(),
      events: new RecordingEvents(),
      log: silentLogger,
      assessments: new FakeAssessments(),
      clients: new FakeClients([]),
      findings: new FakeFindings(),
      portfolio,
      domainChecks: new RecordingDomainChecks(),
    });
    await expect(renewals.run({ dueWithin: 'soon' })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('not a period'),
    });
    expect(portfolio.calls).toBe(0);
  });
});
