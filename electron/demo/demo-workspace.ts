import type { Backend } from '../backend/create-backend';
import { addDays, addMonths, toIsoDate } from '../../shared/domain/dates';
import { AppError } from '../backend/app-error';
import type { FieldDef } from '../../shared/domain/catalogue/schema';
import { DEMO_CLIENTS, type DemoCycle } from './demo-data';

// Builds the sample workspace through the same services the app uses (so the audit trail, readiness and
// portfolio are real), with fictional providers whose data is flagged `sample` everywhere.
export async function createDemoWorkspace(b: Backend): Promise<{ clients: number; assessments: number }> {
  const s = b.services;
  if (s.clients.list({ includeArchived: true }).some((c) => !c.sample)) {
    throw new AppError(
      'conflict',
      'This workspace already holds real clients. Create the sample workspace in an empty data folder (npm run demo does this for you).',
    );
  }
  if (s.clients.list({ includeArchived: true }).length > 0) throw new AppError('conflict', 'The sample workspace already exists here.');
  const settings = s.settings.get();
  if (!settings.displayName)
    s.settings.update(
      { ...settings, displayName: 'Alex Morgan (sample consultant)', organisation: 'Northgate IT Support (sample)' },
      'demo',
    );
  const today = toIsoDate(s.clock.now());
  const thisYear = Number(today.slice(0, 4));
  let assessments = 0;

  for (const demo of DEMO_CLIENTS) {
    const client = s.clients.create(
      { cqcLocationIds: [], sites: [], contacts: [], ...demo.fields } as Parameters<typeof s.clients.create>[0],
      { sample: true },
    );
    let previous: string | undefined;
    for (const cycle of [...demo.cycles].sort((a, b) => b.yearsAgo - a.yearsAgo)) {
      const year = thisYear - cycle.yearsAgo;
      const accreditedOn = cycle.expiresInDays !== undefined ? addMonths(addDays(today, cycle.expiresInDays), -12) : undefined;
      const planned = accreditedOn ? addDays(accreditedOn, -14) : addDays(today, 30);
      const a = previous
        ? await b.call('assessment.startRenewal', { fromAssessmentId: previous, cycle: year })
        : await b.call('assessment.create', { clientId: client.id, cycle: year, plannedSubmissionDate: planned });
      if (previous)
        await b.call('assessment.update', {
          id: a.id,
          revision: a.revision,
          plannedSubmissionDate: planned > today ? planned : addDays(today, 30),
        });
      assessments++;
      await recordChecks(b, client.id, demo, accreditedOn ? `${addDays(accreditedOn, -20)}T10:00:00Z` : s.clock.now().toISOString());
      await answer(b, a.id, cycle, accreditedOn ?? today);
      if (cycle.stage !== 'draft') await progress(b, a.id, cycle, accreditedOn);
      previous = a.id;
    }
    if (demo.cycles.length === 0) await recordChecks(b, client.id, demo, s.clock.now().toISOString());
  }
  return { clients: DEMO_CLIENTS.length, assessments };
}

async function recordChecks(b: Backend, clientId: string, demo: (typeof DEMO_CLIENTS)[number], finishedAt: string) {
  const started = new Date(new Date(finishedAt).getTime() - 6000).toISOString();
  for (const domain of demo.fields.domains) {
    await b.services.findings.recordRun({
      clientId,
      kind: 'domain',
      target: domain,
      source: 'sample',
      startedAt: started,
      finishedAt,
      findings: demo.domainFindings(domain),
    });
  }
  if (demo.tenantFindings && demo.fields.tenant) {
    await b.services.findings.recordRun({
      clientId,
      kind: 'tenant',
      target: demo.fields.tenant,
      source: 'sample',
      startedAt: started,
      finishedAt,
      findings: demo.tenantFindings,
    });
  }
}

const DOCUMENTS: Record<string, string> = {
  'ORG-01': 'Information security incident and breach procedure',
  'ORG-02': 'Mobile device and remote working policy',
  'ORG-03': 'Email clinical risk assessment and hazard log',
  'ORG-04': 'Email and acceptable use policy',
};

async function answer(b: Backend, assessmentId: string, cycle: DemoCycle, asOf: string) {
  const d = await b.call('assessment.get', { id: assessmentId });
  const answerable = d.requirements.filter((r) => r.obligation !== 'INFO');
  const count = cycle.stage === 'draft' ? Math.round(answerable.length * (cycle.answered ?? 0.5)) : answerable.length;
  for (const r of answerable.slice(0, count)) {
    const carried = d.responses.find((x) => x.requirementId === r.id);
    const fields = Object.fromEntries(r.fields.map((f) => [f.key, sampleFieldValue(f, asOf)]));
    const year = asOf.slice(0, 4);
    await b.call('assessment.saveResponse', {
      assessmentId,
      requirementId: r.id,
      result: 'met',
      owner: r.asserts.includes('clinical-safety-expert')
        ? 'Clinical safety officer'
        : r.asserts.includes('ict-expert')
          ? 'IT support'
          : 'Registered manager',
      document: r.documentReference
        ? {
            title: DOCUMENTS[r.id] ?? r.title,
            version: `${Number(year) - 2020}.0`,
            date: addDays(asOf, -60),
            approvedBy: 'Registered manager',
            approvalDate: addDays(asOf, -55),
          }
        : undefined,
      fields: r.fields.length ? fields : undefined,
      reconfirm: r.id.startsWith('ORG-') || carried?.reconfirm,
      notes: r.id === 'TECH-02' ? 'Moving from quarantine to reject after reviewing two months of aggregate reports.' : undefined,
    });
  }
}

// Plausible values for a requirement's extra fields: recent test dates, certificates valid past submission.
function sampleFieldValue(f: FieldDef, asOf: string): string {
  if (f.type === 'date') return f.notBeforeSubmission ? addMonths(asOf, 11) : addDays(asOf, -45);
  if (f.type === 'yes-no') return 'no';
  if (f.type === 'choice') return f.options![0]!;
  if (f.key === 'tester') return 'Sample Security Testing Ltd';
  return `Sample ${f.label.toLowerCase()}`;
}

async function progress(b: Backend, assessmentId: string, cycle: DemoCycle, accreditedOn?: string) {
  const s = b.services;
  await saveStatementDetails(b, assessmentId);
  // Sign-off needs everything answered; the demo's answers and checks are complete for these cycles.
  await b.call('assessment.setStatus', { id: assessmentId, status: 'ready' });
  if (cycle.stage === 'ready') return;
  for (const [role, name, title] of [
    ['ict-expert', 'Alex Morgan', 'IT consultant, Northgate IT Support (sample)'],
    ['clinical-safety-expert', 'Dr Priya Shah', 'Clinical Safety Officer'],
  ] as const) {
    await b.call('assessment.signoff', {
      assessmentId,
      role,
      name,
      roleTitle: title,
      organisation: 'Sample organisation',
      email: `${name.split(' ')[0]!.toLowerCase()}@sample.example`,
      signature: { method: 'typed', text: name },
      confirm: true,
    });
  }
  if (cycle.stage === 'signed') return;
  const submittedOn = accreditedOn ? addDays(accreditedOn, -10) : toIsoDate(s.clock.now());
  await b.call('assessment.recordOutcome', {
    id: assessmentId,
    submittedOn,
    accreditedOn: cycle.stage === 'accredited' ? accreditedOn : undefined,
  });
}

// The statement details a signed cycle needs before its bundle can be exported: the suggestions (taken from
// the demo's own answers), plus the ICT provider section on the self-managed route, dated so it is current.
async function saveStatementDetails(b: Backend, assessmentId: string) {
  const today = toIsoDate(b.services.clock.now());
  const [state, a] = await Promise.all([b.call('statement.state', { assessmentId }), b.call('assessment.get', { id: assessmentId })]);
  await b.call('statement.saveDetails', {
    assessmentId,
    details: {
      ...state.suggested,
      ...(a.assessment.route === 'self-managed' ? { ictProvider: sampleIctProvider(today) } : {}),
    },
  });
}

function sampleIctProvider(today: string) {
  return {
    legalName: 'Sample Hosting Services Ltd',
    companyNumber: '00000000',
    serviceDescription: 'Hosted Exchange Server 2019 with managed mail filtering, backup and 24x7 monitoring (sample data).',
    hostingLocations: ['London (sample data centre)', 'Manchester (sample data centre)'],
    iso27001: {
      certificationBody: 'Sample Certification Ltd',
      certificateNumber: 'SAMPLE-ISO-0001',
      scope: 'Provision and support of hosted email, including the mail servers, filtering and backup (sample).',
      scopeIncludesEmail: true,
      issuedOn: addDays(today, -65),
      expiresOn: addDays(today, 300),
    },
    penTest: {
      kind: 'penetration-test' as const,
      tester: 'Sample Security Testing Ltd',
      testerAccreditation: 'CREST (sample)',
      testedOn: addDays(today, -45),
      scope: 'External infrastructure and the webmail and SMTP services of the hosted email platform (sample).',
      findingsSummary: 'No critical or high findings; two medium findings on TLS configuration of a legacy listener.',
      remediationStatus: 'Both medium findings fixed and re-tested (sample).',
    },
  };
}
