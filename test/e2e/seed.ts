import type { TestBackend } from '../support/temp-backend';

// What the specs type into the UI when they are about something else: one complete document reference, the
// rest of the checklist answered through the backend, and a passing mail-domain run.

export const FULL_DOCUMENT = {
  title: 'Information security incident procedure',
  version: '3.0',
  date: '2026-10-01',
  approvedBy: 'Registered manager',
  approvalDate: '2026-10-03',
};

const DOMAIN_CHECKS = [
  'dns.mx',
  'dns.spf',
  'dns.dmarc',
  'dns.dkim',
  'dns.mta-sts',
  'dns.tls-rpt',
  'smtp.starttls',
  'smtp.tls-version',
  'smtp.cipher',
  'smtp.certificate',
];

export async function answerEverything(backend: TestBackend, assessmentId: string): Promise<void> {
  const { requirements } = await backend.call('assessment.get', { id: assessmentId });
  for (const r of requirements.filter((q) => q.obligation !== 'INFO')) {
    const fields = Object.fromEntries(
      r.fields.map((f) => [
        f.key,
        f.type === 'date' ? '2026-10-01' : f.type === 'yes-no' ? 'no' : f.type === 'choice' ? f.options![0]! : 'As set out in the policy',
      ]),
    );
    await backend.call('assessment.saveResponse', {
      assessmentId,
      requirementId: r.id,
      result: 'met',
      document: r.documentReference ? FULL_DOCUMENT : undefined,
      fields,
    });
  }
}

export async function recordPassingDomainRun(backend: TestBackend, clientId: string, domain: string): Promise<void> {
  await backend.services.findings.recordRun({
    clientId,
    kind: 'domain',
    target: domain,
    source: 'dns+smtp',
    startedAt: '2026-11-22T09:00:00Z',
    finishedAt: '2026-11-22T09:00:10Z',
    findings: DOMAIN_CHECKS.map((check) => ({ check: check as never, status: 'pass' as const, summary: 'As expected' })),
  });
}

/** A Google-route client with a 2026 assessment, planned for 15 December: the start of most checklist specs. */
export async function clientWithAssessment(backend: TestBackend) {
  const client = await backend.call('client.create', {
    legalName: 'Riverside Care',
    odsCode: 'RX2',
    domains: ['riverside-care.co.uk'],
    route: 'google',
  });
  const a = await backend.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
  return { client, a };
}
