import type { TestBackend } from '../support/temp-backend';
import { documentReference, recordPassingDomainRun } from '../support/statement-fixture';

// What the specs type into the UI when they are about something else: one complete document reference, the
// rest of the checklist answered through the backend, and a passing mail-domain run.

export const FULL_DOCUMENT = documentReference('Information security incident procedure');

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

export { recordPassingDomainRun };

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
