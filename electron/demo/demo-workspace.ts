import { Readable } from 'node:stream';
import type { Backend } from '../backend/create-backend';
import type { BackendClock } from '../backend/ports';
import type { Client } from '../../shared/contract/clients';
import { addDays, addMonths, toIsoDate } from '../../shared/domain/dates';
import { evidenceNeeds } from '../../shared/domain/evidence-requirements';
import type { EvidenceKind } from '../../shared/domain/evidence-kinds';
import { AppError } from '../backend/app-error';
import type { FieldDef } from '../../shared/domain/catalogue/schema';
import { DEMO_CLIENTS, type DemoClient, type DemoCycle } from './demo-data';
import { sampleDomainReport, sampleEvidencePdf } from './demo-fixtures';

// Builds the sample workspace through the same services the app uses (so the audit trail, readiness and
// portfolio are real), with fictional providers whose data is flagged `sample` everywhere. Each cycle keeps
// one coherent timeline, worked out back from its accreditation date (or forward from today for cycles in
// progress): evidence dated before the checks, checks before the answers, answers before both sign-offs,
// sign-offs before submission, submission before accreditation. The work is done with the clock set to each
// step's moment, so the audit trail and every stored date tell the same story.

interface Timeline {
  planned: string;
  checks: string;
  answered: string;
  signed: string;
  submitted?: string;
  accredited?: string;
}

function timeline(cycle: DemoCycle, today: string, previousAccredited?: string): Timeline {
  if (cycle.expiresInDays !== undefined) {
    const accredited = addMonths(addDays(today, cycle.expiresInDays), -12);
    const planned = addDays(accredited, -21);
    return {
      planned,
      checks: addDays(planned, -12),
      answered: addDays(planned, -9),
      signed: addDays(planned, -3),
      submitted: planned,
      accredited,
    };
  }
  if (cycle.stage === 'submitted') {
    const planned = addDays(today, -6);
    return { planned, checks: addDays(planned, -12), answered: addDays(planned, -9), signed: addDays(planned, -3), submitted: planned };
  }
  // In progress: planned a month ahead, or a week before last year's accreditation lapses; checked this week.
  const lapses = previousAccredited ? addDays(addMonths(previousAccredited, 12), -7) : undefined;
  const planned = lapses && lapses < addDays(today, 30) && lapses > addDays(today, 3) ? lapses : addDays(today, 30);
  return { planned, checks: addDays(today, -2), answered: addDays(today, -1), signed: today };
}

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
  const today = toIsoDate(s.clock.hostNow());
  let assessments = 0;
  try {
    for (const demo of DEMO_CLIENTS) {
      const cycles = [...demo.cycles].sort((a, c) => c.yearsAgo - a.yearsAgo);
      const lines: Timeline[] = [];
      for (const c of cycles) lines.push(timeline(c, today, lines[lines.length - 1]?.accredited));
      at(s.clock, `${addDays(lines[0]?.checks ?? addDays(today, -3), -20)}T09:00:00Z`);
      const client = s.clients.create(
        { cqcLocationIds: [], sites: [], contacts: [], ...demo.fields } as Parameters<typeof s.clients.create>[0],
        { sample: true },
      );
      let previous: { id: string; accredited?: string } | undefined;
      for (const [i, cycle] of cycles.entries()) {
        const t = lines[i]!;
        // The cycle is the year of its submission, so its label, its dates and its expiry agree.
        const year = Number(t.planned.slice(0, 4));
        at(s.clock, `${addDays(t.checks, -1)}T09:00:00Z`);
        const a = previous
          ? await b.call('assessment.startRenewal', { fromAssessmentId: previous.id, cycle: year })
          : await b.call('assessment.create', { clientId: client.id, cycle: year, plannedSubmissionDate: t.planned });
        if (previous) await b.call('assessment.update', { id: a.id, revision: a.revision, plannedSubmissionDate: t.planned });
        assessments++;
        at(s.clock, `${t.checks}T10:00:00Z`);
        await recordChecks(b, client, demo, `${t.checks}T10:00:00Z`);
        at(s.clock, `${t.answered}T11:00:00Z`);
        const facts = sampleFacts(t, previous?.accredited);
        await answer(b, a.id, cycle, facts);
        await attachEvidence(b, client, a.id, t, facts);
        if (cycle.stage !== 'draft') await progress(b, s.clock, a.id, cycle, client, t);
        previous = { id: a.id, accredited: t.accredited };
      }
      if (cycles.length === 0) {
        at(s.clock, `${addDays(today, -1)}T10:00:00Z`);
        await recordChecks(b, client, demo, `${addDays(today, -1)}T10:00:00Z`);
      }
    }
  } finally {
    s.clock.pin(undefined);
  }
  return { clients: DEMO_CLIENTS.length, assessments };
}

// Moves the workspace clock to a moment of the sample's past (never past the real now).
function at(clock: BackendClock, iso: string) {
  clock.pin(new Date(Math.min(Date.parse(iso), clock.hostNow().getTime())));
}

async function recordChecks(b: Backend, client: Client, demo: DemoClient, finishedAt: string) {
  const started = new Date(new Date(finishedAt).getTime() - 6000).toISOString();
  for (const domain of client.domains) {
    const findings = demo.domainFindings(domain, client.route);
    const report = sampleDomainReport(domain, client.route, findings, finishedAt);
    await b.services.findings.recordRun({
      clientId: client.id,
      kind: 'domain',
      target: domain,
      source: 'sample (recorded)',
      startedAt: started,
      finishedAt,
      findings,
      snapshot: { fileName: `mail-domain-${domain}-sample.json`, bytes: JSON.stringify({ sample: true, report }, null, 2) },
    });
  }
  if (demo.tenantFindings && client.tenant) {
    await b.services.findings.recordRun({
      clientId: client.id,
      kind: 'tenant',
      target: client.tenant,
      source: 'sample (recorded)',
      startedAt: started,
      finishedAt,
      findings: demo.tenantFindings,
      snapshot: {
        fileName: `tenant-${client.tenant}-sample.json`,
        bytes: JSON.stringify({ sample: true, tenant: client.tenant, findings: demo.tenantFindings }, null, 2),
      },
    });
  }
}

const DOCUMENTS: Record<string, string> = {
  'ORG-01': 'Information security incident and breach procedure',
  'ORG-02': 'Mobile device and remote working policy',
  'ORG-03': 'Email clinical risk assessment and hazard log',
  'ORG-04': 'Email and acceptable use policy',
};

// The facts one cycle's answers give, all dated inside its timeline.
function sampleFacts(t: Timeline, previousAccreditation: string | undefined): Record<string, string> {
  const isoIssued = addDays(t.planned, -400);
  return {
    dsptStatus: 'Standards Met',
    dsptPublishedAt: addDays(t.planned, -120),
    ...(previousAccreditation ? { previousAccreditationDate: previousAccreditation } : {}),
    processedOutsideUk: 'no',
    auditRetention: '180 days (the Microsoft 365 default for E3 and Business Premium)',
    certificationBody: 'BSI Assurance UK Ltd',
    certificateNumber: 'IS 700123',
    scopeIncludesEmail: 'yes',
    certificateScope: 'Provision, operation and support of hosted email (Exchange Server 2019), mail filtering and backup services.',
    issueDate: isoIssued,
    expiryDate: addDays(addMonths(isoIssued, 36), -1),
    lastAuditDate: addDays(t.planned, -90),
    testKind: 'Penetration test',
    tester: 'Redline Security Testing Ltd',
    testerAccreditation: 'CREST',
    testDate: addDays(t.planned, -75),
    scope: 'External infrastructure, webmail (OWA), the SMTP gateways and the admin portal of the hosted email service.',
    findingsSummary: 'No critical or high findings; two medium findings on the TLS configuration of a legacy relay.',
    remediationStatus: 'All findings fixed',
    processingLocations: 'United Kingdom only (London and Manchester data centres)',
    documentDate: addDays(t.answered, -60),
    approvalDate: addDays(t.answered, -55),
  };
}

function fieldValue(f: FieldDef, facts: Record<string, string>): string | undefined {
  const v = facts[f.key];
  if (v !== undefined) return f.type === 'choice' && !f.options!.includes(v) ? f.options![0] : v;
  if (f.type === 'yes-no') return 'no';
  if (f.type === 'choice') return f.options![0]!;
  return undefined;
}

async function answer(b: Backend, assessmentId: string, cycle: DemoCycle, facts: Record<string, string>) {
  const d = await b.call('assessment.get', { id: assessmentId });
  const answerable = d.requirements.filter((r) => r.obligation !== 'INFO');
  const count = cycle.stage === 'draft' ? Math.round(answerable.length * (cycle.answered ?? 0.5)) : answerable.length;
  const year = facts.documentDate!.slice(0, 4);
  for (const r of answerable.slice(0, count)) {
    const carried = d.responses.find((x) => x.requirementId === r.id);
    const fields = Object.fromEntries(r.fields.flatMap((f) => (fieldValue(f, facts) ? [[f.key, fieldValue(f, facts)!]] : [])));
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
            date: facts.documentDate!,
            approvedBy: 'Registered manager',
            approvalDate: facts.approvalDate!,
          }
        : undefined,
      fields: Object.keys(fields).length ? fields : undefined,
      reconfirm: r.id.startsWith('ORG-') || carried?.reconfirm,
      notes: r.id === 'TECH-02' ? 'Moving from quarantine to reject after reviewing two months of aggregate reports.' : undefined,
    });
  }
}

// A file for every evidence file a requirement of this cycle declares (shared/domain/evidence-requirements.ts),
// for the requirements answered so far; carried-over links from last year are replaced by this year's file.
async function attachEvidence(b: Backend, client: Client, assessmentId: string, t: Timeline, facts: Record<string, string>) {
  const d = await b.call('assessment.get', { id: assessmentId });
  const answered = new Set(d.responses.filter((r) => r.result !== 'not-assessed').map((r) => r.requirementId));
  for (const r of d.requirements.filter((x) => answered.has(x.id))) {
    for (const need of evidenceNeeds(r.id)) {
      if (need.kind !== 'file') continue;
      // Last year's file (carried over by the renewal) no longer counts: this year's replaces it.
      for (const e of await b.call('evidence.forRequirement', { assessmentId, requirementId: r.id }))
        await b.call('evidence.unlink', { evidenceId: e.item.id, assessmentId, requirementId: r.id });
      const doc = d.responses.find((x) => x.requirementId === r.id)?.document;
      const [title, kind, issued, lines] = evidenceFor(r.id, doc?.title, need.evidenceKinds, facts, client);
      const pdf = await sampleEvidencePdf(title, lines);
      const up = await b.services.transfers.receive(Readable.from([pdf]), `${title.replace(/[^A-Za-z0-9]+/g, '-')}-${t.planned}.pdf`);
      await b.call('evidence.import', {
        clientId: client.id,
        uploadId: up.uploadId,
        title,
        kind,
        issueDate: issued,
        ...(kind === 'iso27001-certificate' ? { expiryDate: facts.expiryDate } : {}),
        link: { assessmentId, requirementId: r.id },
      });
    }
  }
}

function evidenceFor(
  id: string,
  docTitle: string | undefined,
  kinds: EvidenceKind[],
  f: Record<string, string>,
  client: Client,
): [string, EvidenceKind, string, string[]] {
  const org = client.legalName;
  if (id === 'ELIG-03')
    return [
      `DSPT publication ${f.dsptPublishedAt!.slice(0, 4)}`,
      'dspt-publication',
      f.dsptPublishedAt!,
      [`${org} (ODS ${client.odsCode})`, `Status: ${f.dsptStatus}`, `Published: ${f.dsptPublishedAt}`],
    ];
  if (id === 'ICT-01')
    return [
      `ISO 27001 certificate ${f.certificateNumber}`,
      'iso27001-certificate',
      f.issueDate!,
      [
        `Certification body: ${f.certificationBody}`,
        `Scope: ${f.certificateScope}`,
        `Valid ${f.issueDate} to ${f.expiryDate}`,
        `Last surveillance audit: ${f.lastAuditDate}`,
      ],
    ];
  if (id === 'ICT-02')
    return [
      `Penetration test summary ${f.testDate}`,
      'pen-test',
      f.testDate!,
      [
        `Tester: ${f.tester} (${f.testerAccreditation})`,
        `Tested: ${f.testDate}`,
        `Findings: ${f.findingsSummary}`,
        `Remediation: ${f.remediationStatus}`,
      ],
    ];
  const title = docTitle ?? id;
  return [
    title,
    kinds.includes('policy') ? 'policy' : kinds[0]!,
    f.documentDate!,
    [`${org}`, `Approved by the registered manager on ${f.approvalDate}`],
  ];
}

async function progress(b: Backend, clock: BackendClock, assessmentId: string, cycle: DemoCycle, client: Client, t: Timeline) {
  at(clock, `${t.signed}T09:30:00Z`);
  await saveStatementDetails(b, assessmentId, t);
  // Sign-off needs everything the readiness model asks for; the demo's answers, files and checks are complete.
  await b.call('assessment.setStatus', { id: assessmentId, status: 'ready' });
  if (cycle.stage === 'ready') return;
  const clinical = client.contacts[0];
  const signers = [
    ['ict-expert', 'Alex Morgan', 'IT consultant', 'Northgate IT Support (sample)', 'alex.morgan@northgate-it.example', '10:00'],
    ['clinical-safety-expert', 'Dr Priya Shah', 'Clinical Safety Officer', client.legalName, `priya.shah@${client.domains[0]}`, '14:30'],
  ] as const;
  void clinical;
  for (const [role, name, title, organisation, email, time] of signers) {
    at(clock, `${t.signed}T${time}:00Z`);
    await b.call('assessment.signoff', {
      assessmentId,
      role,
      name,
      roleTitle: title,
      organisation,
      email,
      signature: { method: 'typed', text: name },
      confirm: true,
    });
  }
  if (cycle.stage === 'signed' || !t.submitted) return;
  // Through the outcome rule (shared/domain/outcome.ts), each step on its own day, as a consultant records it.
  at(clock, `${t.submitted}T12:00:00Z`);
  await b.call('assessment.outcomeEvent', { id: assessmentId, event: { kind: 'send', on: t.submitted } });
  if (cycle.stage !== 'accredited' || !t.accredited) return;
  at(clock, `${t.accredited}T12:00:00Z`);
  await b.call('assessment.outcomeEvent', { id: assessmentId, event: { kind: 'accredit', on: t.accredited } });
}

// The statement details a signed cycle needs: the suggestions, plus the ICT provider section and its signatory
// on the self-managed route, signed two days before the experts.
async function saveStatementDetails(b: Backend, assessmentId: string, t: Timeline) {
  const [state, a] = await Promise.all([b.call('statement.state', { assessmentId }), b.call('assessment.get', { id: assessmentId })]);
  await b.call('statement.saveDetails', {
    assessmentId,
    details: {
      ...state.suggested,
      ...(a.assessment.route === 'self-managed'
        ? {
            emailServiceProvider: 'Sample Hosting Services Ltd (hosted Exchange Server 2019)',
            ictProvider: {
              legalName: 'Sample Hosting Services Ltd',
              companyNumber: '09990001',
              serviceDescription: 'Hosted Exchange Server 2019 with managed mail filtering, backup and 24x7 monitoring.',
              hostingLocations: ['London (UK)', 'Manchester (UK)'],
              signatory: {
                name: 'Martin Cole',
                role: 'Head of Service Delivery',
                organisation: 'Sample Hosting Services Ltd',
                date: addDays(t.signed, -2),
              },
            },
          }
        : {}),
    },
  });
}
