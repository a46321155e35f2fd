import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import type { Backend } from '../../electron/backend/create-backend';
import type { StatementDetailsInput } from '../../shared/contract/statement';
import type { Route } from '../../shared/contract/clients';
import { samplePdf } from '../fixtures/evidence/samples';
import { evidenceNeeds, namesDocument } from '../../shared/domain/evidence-requirements';

// A client with a complete, evidenced and signed-off assessment built through the real channels, for the
// statement and bundle tests and the CLI export test. The test clock reads 2026-11-23.

// A complete document reference (title, version, date, approval), as the specs and fixtures type it.
export const documentReference = (title: string) => ({
  title,
  version: '3.0',
  date: '2026-10-01',
  approvedBy: 'Registered manager',
  approvalDate: '2026-10-03',
});

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

// A handwritten-looking stroke on a transparent background (RGBA), like the signature pad produces.
function drawnSignaturePng(width = 360, height = 110): Buffer {
  const px = Buffer.alloc(width * height * 4);
  const dot = (cx: number, cy: number, r: number) => {
    for (let y = Math.floor(cy - r); y <= cy + r; y++)
      for (let x = Math.floor(cx - r); x <= cx + r; x++)
        if (x >= 0 && y >= 0 && x < width && y < height && (x - cx) ** 2 + (y - cy) ** 2 <= r * r)
          px.set([20, 40, 110, 255], (y * width + x) * 4);
  };
  for (let t = 0; t < 1; t += 0.0005) {
    const x = 20 + t * (width - 60);
    const y = height / 2 + Math.sin(t * 19) * 22 * (1 - t * 0.6) + Math.cos(t * 47) * 6;
    dot(x, y, 1.8);
  }
  for (let t = 0; t < 1; t += 0.002) dot(40 + t * (width - 90), height - 22 + Math.sin(t * 3) * 3, 1.2);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6; // RGBA
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) rows.push(Buffer.concat([Buffer.from([0]), px.subarray(y * width * 4, (y + 1) * width * 4)]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// A mail-domain run in which every check passed, the day before the test clock; with a snapshot (the raw
// transcript) it also becomes evidence in the library.
export async function recordPassingDomainRun(
  b: Backend,
  clientId: string,
  domain: string,
  snapshot?: { fileName: string; bytes: string },
): Promise<void> {
  await b.services.findings.recordRun({
    clientId,
    kind: 'domain',
    target: domain,
    source: 'dns+smtp',
    startedAt: '2026-11-22T09:00:00Z',
    finishedAt: '2026-11-22T09:00:10Z',
    findings: DOMAIN_CHECKS.map((check) => ({ check: check as never, status: 'pass' as const, summary: `${check} as expected` })),
    ...(snapshot ? { snapshot } : {}),
  });
}

export const TEST_DETAILS: StatementDetailsInput = {
  emailServiceProvider: 'Google Workspace (Gmail)',
  dataLocation: { notes: 'Google Workspace data regions policy set to Europe.' },
  preparedBy: { name: 'Alex Consultant', organisation: 'Brightwater IT Ltd', email: 'alex@brightwater.example' },
};

export interface Prepared {
  clientId: string;
  assessmentId: string;
  requirementIds: string[];
  evidencePdf: Buffer;
}

export async function prepareAssessment(
  b: Backend,
  opts: { legalName?: string; odsCode?: string; route?: Route; domain?: string; sample?: boolean } = {},
): Promise<Prepared> {
  const domain = opts.domain ?? 'meadowbank-care.co.uk';
  await b.call('settings.update', { displayName: 'Alex Consultant', organisation: 'Brightwater IT Ltd' });
  const fields = {
    legalName: opts.legalName ?? 'Meadowbank Care Ltd',
    tradingName: 'Meadowbank House',
    odsCode: opts.odsCode ?? 'VN3K7',
    domains: [domain],
    route: opts.route ?? ('google' as const),
    contacts: [{ name: 'Sam Patel', role: 'Registered manager', email: `sam.patel@${domain}` }],
  };
  const client = opts.sample
    ? b.services.clients.create({ cqcLocationIds: [], sites: [], ...fields } as never, { sample: true })
    : await b.call('client.create', fields);
  const a = await b.call('assessment.create', { clientId: client.id, cycle: 2026, plannedSubmissionDate: '2026-12-15' });
  const d = await b.call('assessment.get', { id: a.id });
  const answerable = d.requirements.filter((r) => r.obligation !== 'INFO');
  for (const r of answerable) {
    const values = Object.fromEntries(
      r.fields.map((f) => [
        f.key,
        f.key === 'dsptStatus'
          ? 'Standards Met'
          : f.key === 'scopeIncludesEmail'
            ? 'yes'
            : f.type === 'date'
              ? f.notBeforeSubmission
                ? '2027-10-01'
                : '2026-10-01'
              : f.type === 'yes-no'
                ? 'no'
                : f.type === 'choice'
                  ? f.options![0]!
                  : 'As described in the policy',
      ]),
    );
    await b.call('assessment.saveResponse', {
      assessmentId: a.id,
      requirementId: r.id,
      result: r.id === 'TECH-05' ? 'not-applicable' : 'met',
      naJustification: r.id === 'TECH-05' ? 'Recommended only; MTA-STS is planned for the 2027 cycle.' : undefined,
      notes: `${r.title}: in place and reviewed in October 2026.`,
      // ORG-01 and ORG-04 name the document the evidence file below carries.
      document: r.documentReference
        ? documentReference(['ORG-01', 'ORG-04'].includes(r.id) ? 'Information security incident procedure' : `${r.title} policy`)
        : undefined,
      fields: values,
    });
  }
  await recordPassingDomainRun(b, client.id, domain, {
    fileName: `domain-${domain}.json`,
    bytes: JSON.stringify({ domain, sample: 'raw transcript' }),
  });
  if ((opts.route ?? 'google') === 'o365')
    await b.services.findings.recordRun({
      clientId: client.id,
      kind: 'tenant',
      target: 'meadowbank.onmicrosoft.com',
      source: 'graph+exchange-rest',
      startedAt: '2026-11-22T09:05:00Z',
      finishedAt: '2026-11-22T09:06:00Z',
      findings: [{ check: 'exo.nhsmail-connector-tls', status: 'pass', summary: 'Outbound connector to nhs.net enforces TLS' }],
      snapshot: { fileName: 'tenant-meadowbank.json', bytes: JSON.stringify({ tenant: 'meadowbank', sample: 'raw transcript' }) },
    });
  const evidencePdf = await samplePdf('Information security incident procedure', ['Report breaches to feedback@nhs.net.']);
  const up = await b.services.transfers.receive(Readable.from([evidencePdf]), 'Incident procedure v3.pdf');
  const e = await b.call('evidence.import', {
    clientId: client.id,
    uploadId: up.uploadId,
    title: 'Information security incident procedure',
    kind: 'policy',
    issueDate: '2026-10-01',
    documentVersion: '3.0',
    approvedBy: 'Registered manager',
    approvalDate: '2026-10-03',
  });
  for (const req of ['ORG-01', 'ORG-04']) await b.call('evidence.link', { evidenceId: e.id, assessmentId: a.id, requirementId: req });
  await attachDeclaredEvidence(b, client.id, a.id);
  return { clientId: client.id, assessmentId: a.id, requirementIds: answerable.map((r) => r.id), evidencePdf };
}

// One file for every evidence file a requirement of this assessment declares and does not have yet
// (shared/domain/evidence-requirements.ts), titled after the document its answer names.
export async function attachDeclaredEvidence(b: Backend, clientId: string, assessmentId: string): Promise<void> {
  const d = await b.call('assessment.get', { id: assessmentId });
  const links = await b.call('evidence.list', { clientId });
  for (const r of d.requirements) {
    for (const need of evidenceNeeds(r.id)) {
      if (need.kind !== 'file') continue;
      const named = d.responses.find((x) => x.requirementId === r.id)?.document?.title;
      const linked = links.some(
        (e) =>
          e.links.some((l) => l.assessmentId === assessmentId && l.requirementId === r.id) &&
          (!need.matchesDocument || !named || namesDocument(e.title, named)),
      );
      if (linked) continue;
      const title = named ?? `${r.title} (${need.what})`;
      const pdf = await samplePdf(title, [`${title}, ${r.id}.`]);
      const up = await b.services.transfers.receive(Readable.from([pdf]), `${r.id}.pdf`);
      await b.call('evidence.import', {
        clientId,
        uploadId: up.uploadId,
        title: title.slice(0, 200),
        kind: need.evidenceKinds[0]!,
        // A week before the workspace's today, whatever year the test is set in.
        issueDate: new Date(b.services.clock.now().getTime() - 7 * 86_400_000).toISOString().slice(0, 10),
        link: { assessmentId, requirementId: r.id },
      });
    }
  }
}

export async function signOff(b: Backend, assessmentId: string): Promise<void> {
  await b.call('assessment.setStatus', { id: assessmentId, status: 'ready' });
  await b.call('assessment.signoff', {
    assessmentId,
    role: 'ict-expert',
    name: 'Alex Consultant',
    roleTitle: 'IT consultant',
    organisation: 'Brightwater IT Ltd',
    email: 'alex@brightwater.example',
    signature: { method: 'typed', text: 'Alex Consultant' },
    confirm: true,
  });
  await b.call('assessment.signoff', {
    assessmentId,
    role: 'clinical-safety-expert',
    name: 'Dr Priya Shah',
    roleTitle: 'Clinical Safety Officer',
    organisation: 'Meadowbank Care Ltd',
    email: 'priya.shah@meadowbank-care.co.uk',
    signature: { method: 'drawn', pngBase64: drawnSignaturePng().toString('base64') },
    confirm: true,
  });
}
