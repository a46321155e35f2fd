import { ROUTE_LABELS } from '../../shared/contract/clients';
import { invalid } from '../backend/app-error';
import {
  DSPT_LABELS,
  METHOD_LABELS,
  OBLIGATION_LABELS,
  PROVENANCE_LABELS,
  RESULT_LABELS,
  STATUS_LABELS,
  checkTitle,
  formatDate,
  formatDateTime,
} from './labels';
import { pdfLib, type PDFDocument, type PDFImage } from './pdf-lib';
import { badge, t, type Block, type DocBuilder, type Row } from './pdf/doc-builder';
import { createDocument, isDraft, resultTone, sampleNotice, statusTone, titleBlock, type RenderOptions } from './pdf/common';
import { colours, tones, type as typeScale } from './pdf/theme';
import { isWithinCalendarMonths, utcDateOf } from '../../shared/domain/dates';
import {
  SIGN_OFF_LABELS,
  finalStatementIssues,
  isFullySigned,
  type RequirementRow,
  type SignOff,
  type SignOffSlot,
  type StatementModel,
} from '../statement/statement-model';

// The self-accreditation statement: what the care provider sends to the NHS secure email team. Page one
// says who, which route and cycle, and which evidence bundle it belongs to; then the organisation, the
// requirement responses with their document details, the technical results, data location, the ICT
// provider (self-managed route) and the two sign-offs.

export interface SealIdentity {
  subject: string;
  issuer: string;
  fingerprintSha256: string;
  validFrom: string;
  validTo: string;
  selfSigned: boolean;
}

export interface StatementRenderOptions extends RenderOptions {
  // Printed in the sign-off section when the PDF will be sealed.
  seal?: SealIdentity;
  // Small JSON files embedded in the PDF (the bundle contents it is bound to), never big binaries.
  attachments?: { name: string; bytes: Uint8Array; mimeType: string; description: string }[];
}

const STATEMENT_TITLE = 'Self-accreditation statement';

export async function renderStatement(m: StatementModel, opts: StatementRenderOptions = {}): Promise<PDFDocument> {
  const org = m.organisation;
  const b = await createDocument(
    m,
    {
      title: 'DCB1596 self-accreditation statement',
      subject: `NHS Secure Email Standard (DCB1596) self-accreditation statement for ${org.domains.join(', ')} (${ROUTE_LABELS[org.route]} route)`,
      draftable: true,
    },
    opts,
  );
  titleBlock(b, m, STATEMENT_TITLE);
  sampleNotice(b, m);
  draftNotice(b, m);
  statementDetails(b, m, opts.seal);
  organisationSection(b, m);
  summarySection(b, m);
  requirementsSection(b, m);
  technicalSection(b, m);
  dataLocationSection(b, m);
  if (m.ictProvider) ictProviderSection(b, m);
  await signOffSection(b, m, opts.seal);
  const doc = b.finish();
  for (const a of opts.attachments ?? [])
    await doc.attach(a.bytes, a.name, {
      mimeType: a.mimeType,
      description: a.description,
      creationDate: new Date(m.generatedAt),
      modificationDate: new Date(m.generatedAt),
      afRelationship: pdfLib.AFRelationship.Supplement,
    });
  return doc;
}

function draftNotice(b: DocBuilder, m: StatementModel): void {
  if (!isDraft(m)) return;
  if (isFullySigned(m)) {
    b.callout(
      [
        t('Draft review pack — not for submission', { font: 'semibold', size: 8.6, color: colours.ink }),
        t('This copy was exported for review. The bundle to submit is the final export, which carries no DRAFT marks.', { size: 8 }),
      ],
      'warn',
    );
    b.space(8);
    return;
  }
  // "the ICT expert", "the clinical safety expert": sentence case that keeps the acronym.
  const missing = (['ictExpert', 'clinicalSafetyExpert'] as SignOffSlot[])
    .filter((s) => !m.signOffs[s])
    .map((s) => `the ${SIGN_OFF_LABELS[s].replace(/^[A-Z][a-z]/, (x) => x.toLowerCase())}`);
  const issues = finalStatementIssues(m).filter((i) => !i.path.startsWith('signOffs'));
  b.callout(
    [
      t('Draft — not yet signed off', { font: 'semibold', size: 8.6, color: colours.ink }),
      t(
        `This statement becomes final when both the ICT expert and the clinical safety expert have signed it. Waiting for: ${missing.join(' and ')}.` +
          (issues.length ? ` Also outstanding: ${issues.map((i) => i.message).join('; ')}.` : ''),
        { size: 8 },
      ),
    ],
    'warn',
  );
  b.space(8);
}

function statementDetails(b: DocBuilder, m: StatementModel, seal: SealIdentity | undefined): void {
  const mono = (s: string) => [t(s, { font: 'mono', size: 7.8, color: colours.ink })];
  b.keyValues(
    [
      [
        'Evidence bundle',
        m.bundle ? mono(m.bundle.id) : [t('Assigned when the bundle is exported', { font: 'italic', color: colours.muted })],
      ],
      [
        'Evidence manifest SHA-256',
        m.bundle?.manifestSha256
          ? [
              ...mono(m.bundle.manifestSha256),
              t(
                'The SHA-256 of the bundle contents listed in manifest.json: every evidence file, report and log exported with this statement.',
                {
                  size: typeScale.tiny,
                  color: colours.muted,
                },
              ),
            ]
          : [t('Assigned when the bundle is exported', { font: 'italic', color: colours.muted })],
      ],
      ['Assessment', [t(`${m.assessment.id}, cycle ${m.assessment.cycle}`)]],
      ['Requirement catalogue', [t(`${m.catalogue.title ? `${m.catalogue.title}, ` : ''}version ${m.catalogue.version}`)]],
      ['Generated', [t(`${formatDateTime(m.generatedAt)} by DCB1596 Workbench ${m.appVersion}`)]],
      [
        'Seal',
        seal
          ? [t(`Sealed with the certificate of ${seal.subject} (details in section 7)`)]
          : [t('Not cryptographically sealed. Integrity is shown by the hashes in the bundle.', { color: colours.muted })],
      ],
    ],
    { labelWidth: 0.26 },
  );
}

function organisationSection(b: DocBuilder, m: StatementModel): void {
  const org = m.organisation;
  b.heading('1. Organisation');
  const dspt = `${DSPT_LABELS[org.dspt.status]}${org.dspt.publishedOn ? `, published ${formatDate(org.dspt.publishedOn)}` : ''}`;
  const rows: [string, Block[] | string][] = [
    ['Legal name', org.legalName],
    ...(org.tradingName ? ([['Trading name', org.tradingName]] as [string, string][]) : []),
    ['ODS code', org.odsCode],
    ['Secure email domains', [t(org.domains.join('\n'))]],
    ['Route', ROUTE_LABELS[org.route]],
    ['Email service provider', org.emailServiceProvider],
    ...(org.tenantId ? ([['Microsoft 365 tenant', org.tenantId]] as [string, string][]) : []),
    ['Data Security and Protection Toolkit', dspt],
    ...(org.previousAccreditationOn ? ([['Previous accreditation', formatDate(org.previousAccreditationOn)]] as [string, string][]) : []),
    ...(org.sites.length
      ? ([['Sites', [t(org.sites.map((x) => `${x.name}${x.odsCode ? ` — ODS ${x.odsCode}` : ' — ODS code not given'}`).join('\n'))]]] as [
          string,
          Block[],
        ][])
      : []),
    ...(org.cqcLocationIds.length ? ([['CQC location IDs', org.cqcLocationIds.join(', ')]] as [string, string][]) : []),
    ...(org.contact
      ? ([
          [
            'Contact for the secure email team',
            [
              t(`${org.contact.name}${org.contact.role ? `, ${org.contact.role}` : ''}`),
              t(`${org.contact.email}${org.contact.phone ? ` · ${org.contact.phone}` : ''}`),
            ],
          ],
        ] as [string, Block[]][])
      : ([['Contact for the secure email team', [t('Not given', { font: 'italic', color: tones.bad.fg })]]] as [string, Block[]][])),
  ];
  b.keyValues(rows, { labelWidth: 0.3 });
  if (org.route === 'o365') o365Confirmation(b, m);
}

// The care-sector guide: "Microsoft Office 365 accreditations must include confirmation that the email
// service has been configured to securely communicate with NHSmail", following the Microsoft Office 365
// secure email configuration guide. Printed with the probe run that shows it, or plainly as unconfirmed.
function o365Confirmation(b: DocBuilder, m: StatementModel): void {
  const c = m.o365Confirmation;
  b.space(6);
  b.callout(
    c?.connectorVerified
      ? [
          t('Office 365 secure configuration', { font: 'semibold', size: 8.6, color: colours.ink }),
          t(
            `We confirm that the Microsoft 365 tenant ${c.tenant} is configured to communicate securely with NHS.net Connect (formerly NHSmail), following the Microsoft Office 365 secure email configuration guide. Shown by the tenant probe of ${formatDateTime(c.probedAt)} (source ${c.source}; connector to nhs.net with enforced TLS verified), in section 4 and technical-report.pdf.`,
            { size: 8 },
          ),
        ]
      : [
          t('Office 365 secure configuration not yet confirmed', { font: 'semibold', size: 8.6, color: tones.bad.fg }),
          t(
            c
              ? `The tenant probe of ${formatDateTime(c.probedAt)} does not verify a connector to nhs.net with enforced TLS, so the configuration to communicate securely with NHS.net Connect (formerly NHSmail) cannot be confirmed.`
              : 'No tenant probe or imported Exchange collection is included, so the configuration to communicate securely with NHS.net Connect (formerly NHSmail) cannot be confirmed.',
            { size: 8 },
          ),
        ],
    c?.connectorVerified ? 'accent' : 'warn',
  );
}

function summarySection(b: DocBuilder, m: StatementModel): void {
  b.heading('2. Summary', 1, { keepWith: 70 });
  const counts = (['met', 'partially-met', 'not-met', 'not-applicable', 'not-assessed'] as const).map((r) => ({
    r,
    n: m.requirements.filter((x) => x.result === r).length,
  }));
  const tiles = counts.filter((c) => c.n > 0 || c.r !== 'not-assessed');
  const gap = 8;
  const w = (b.width - gap * (tiles.length - 1)) / tiles.length;
  const h = 44;
  b.figure(`Requirement results: ${tiles.map((c) => `${c.n} ${RESULT_LABELS[c.r].toLowerCase()}`).join(', ')}.`, h + 8, (left, top) =>
    tiles.forEach((c, i) => {
      const x = left + i * (w + gap);
      const tone = tones[resultTone(c.r)];
      b.roundedRect(x, top, w, h, 4, tone.bg);
      b.drawString(String(c.n), { x: x + 9, y: top - 23, size: 17, font: 'bold', color: tone.fg });
      b.drawString(RESULT_LABELS[c.r], { x: x + 9, y: top - 36, size: 8, font: 'semibold', color: tone.fg });
    }),
  );
  const runs = m.technical.runs;
  const findings = runs.flatMap((r) => r.findings);
  const n = (s: string) => findings.filter((f) => f.status === s).length;
  b.paragraph([
    t(
      `${m.requirements.length} requirements apply to the ${ROUTE_LABELS[m.organisation.route]} route in catalogue version ${m.catalogue.version}. ` +
        (runs.length
          ? `Automated checks: ${runs.length} run${runs.length === 1 ? '' : 's'}, ${findings.length} results — ${n('pass')} pass, ${n('warn')} warning, ${n('fail')} fail, ${n('not-assessable')} not assessable.`
          : 'No automated check results are included.'),
      { size: 8.4 },
    ),
  ]);
}

function requirementCells(r: RequirementRow): Block[][] {
  const small = { size: typeScale.small };
  const meta = `${OBLIGATION_LABELS[r.obligation]} · ${PROVENANCE_LABELS[r.provenance]}`;
  const response: Block[] = [badge(RESULT_LABELS[r.result], resultTone(r.result))];
  if (r.response) response.push(t(r.response, small, 3));
  if (r.result === 'not-applicable' && r.naJustification)
    response.push(t(`Why it does not apply: ${r.naJustification}`, { ...small, font: 'italic' }, 3));
  const docs: Block[] = [];
  if (r.document) {
    const d = r.document;
    docs.push(
      t(d.title, { ...small, font: 'semibold', color: colours.ink }),
      t(`Version ${d.version}, dated ${formatDate(d.date)}`, small),
      t(`Approved by ${d.approverRole}${d.approverName ? ` (${d.approverName})` : ''} on ${formatDate(d.approvalDate)}`, small),
    );
  } else if (r.documentRequired && r.result !== 'not-applicable') {
    docs.push(t('Document details not recorded', { ...small, font: 'semibold', color: tones.bad.fg }));
  }
  r.evidence.forEach((e, i) => {
    docs.push(t(e.title, { ...small, color: colours.ink }, i === 0 && docs.length ? 5 : 2));
    docs.push(t(`SHA-256 ${e.sha256.slice(0, 24)}…`, { font: 'mono', size: 6.3, color: colours.muted }));
  });
  if (r.checks.length) {
    docs.push(t('Automated checks', { font: 'semibold', size: 6.8, color: colours.muted }, docs.length ? 5 : 0));
    for (const c of r.checks)
      docs.push(t(`${checkTitle(c.check)}${c.target ? ` (${c.target})` : ''}: ${STATUS_LABELS[c.status]}`, { size: 7 }));
  }
  if (!docs.length) docs.push(t('—', { color: colours.faint }));
  return [
    [t(r.id, { font: 'semibold', size: 7.8, color: colours.ink })],
    [t(r.title, { font: 'semibold', size: 8, color: colours.ink }), t(meta, { size: typeScale.tiny, color: colours.muted }, 1.5)],
    response,
    docs,
  ];
}

function requirementsSection(b: DocBuilder, m: StatementModel): void {
  b.heading('3. Requirements and responses');
  b.paragraph([
    t(
      'Each requirement for the route, the organisation’s response and, for organisation requirements, the document that evidences it with its version, date and approval. Full evidence hashes are in evidence-index.pdf and manifest.json.',
      { size: 8, color: colours.muted },
    ),
  ]);
  b.space(6);
  const rows: Row[] = [];
  let section = '';
  for (const r of m.requirements) {
    if (r.section !== section) {
      section = r.section;
      rows.push({ group: section });
    }
    rows.push({ cells: requirementCells(r) });
  }
  b.table(
    [
      { header: 'ID', width: 0.1 },
      { header: 'Requirement', width: 0.3 },
      { header: 'Response', width: 0.27 },
      { header: 'Document and evidence', width: 0.33 },
    ],
    rows,
  );
}

function technicalSection(b: DocBuilder, m: StatementModel): void {
  b.heading('4. Technical results');
  if (!m.technical.runs.length) {
    b.paragraph([t('No automated check results were recorded for this cycle.', { color: colours.muted })]);
    return;
  }
  b.paragraph([
    t(
      'The latest automated checks of each mail domain (from outside, as NCSC Mail Check did) and of the tenant, with the time each was collected. Details and remediation are in technical-report.pdf; the raw results are in raw/.',
      {
        size: 8,
        color: colours.muted,
      },
    ),
  ]);
  b.space(6);
  const rows: Row[] = [];
  for (const run of m.technical.runs) {
    rows.push({
      group: run.kind === 'domain' ? `Mail domain ${run.target}` : `Tenant ${run.target}`,
      note: `Collected ${formatDateTime(run.finishedAt)} · source ${run.source} · ${run.findings.length} result${run.findings.length === 1 ? '' : 's'}`,
    });
    for (const f of run.findings)
      rows.push({
        cells: [
          [
            t(checkTitle(f.check), { size: 7.6, color: colours.ink }),
            ...(f.target && f.target !== run.target ? [t(f.target, { size: 6.8, color: colours.muted })] : []),
          ],
          [badge(STATUS_LABELS[f.status], statusTone(f.status))],
          [t(f.summary, { size: 7.6 })],
        ],
      });
  }
  b.table(
    [
      { header: 'Check', width: 0.34 },
      { header: 'Result', width: 0.15 },
      { header: 'Finding', width: 0.51 },
    ],
    rows,
  );
}

function dataLocationSection(b: DocBuilder, m: StatementModel): void {
  b.heading('5. Data processed outside the UK', 1, { keepWith: 50 });
  const d = m.dataLocation;
  b.keyValues(
    [
      [
        'Is email data processed outside the UK?',
        [
          d.processedOutsideUk === undefined
            ? badge('Not answered (TECH-08)', 'bad')
            : badge(d.processedOutsideUk ? 'Yes' : 'No', d.processedOutsideUk ? 'warn' : 'good'),
        ],
      ],
      ...(d.processedOutsideUk ? ([['Where', d.where ?? '']] as [string, string][]) : []),
      ...(d.notes ? ([['Notes', d.notes]] as [string, string][]) : []),
    ],
    { labelWidth: 0.36 },
  );
}

function ictProviderSection(b: DocBuilder, m: StatementModel): void {
  const p = m.ictProvider!;
  b.heading('6. ICT service provider');
  b.paragraph([
    t(
      'The self-managed route: the provider that runs the email service, its ISO/IEC 27001 certification and the latest independent security test.',
      { size: 8, color: colours.muted },
    ),
  ]);
  b.space(6);
  b.keyValues(
    [
      ['Provider', p.legalName + (p.companyNumber ? ` (company ${p.companyNumber})` : '')],
      ['Service', p.serviceDescription],
      ...(p.hostingLocations.length ? ([['Hosting locations', p.hostingLocations.join(', ')]] as [string, string][]) : []),
      ...(p.clinicalSafetyReference ? ([['Clinical safety reference', p.clinicalSafetyReference]] as [string, string][]) : []),
    ],
    { labelWidth: 0.3 },
  );
  // Judged on the planned submission date with the one calendar-month rule (shared/domain/dates.ts).
  const on = m.assessment.plannedSubmissionDate ?? utcDateOf(m.generatedAt);
  const given = (v: string | undefined) => v ?? 'Not recorded (ICT-01)';
  const iso = p.iso27001;
  b.heading('ISO/IEC 27001 certificate', 2, { keepWith: 60 });
  b.keyValues(
    [
      ['Certification body', given(iso.certificationBody)],
      ['Certificate number', given(iso.certificateNumber)],
      [
        'Scope',
        [
          t(given(iso.scope)),
          ...(iso.scopeIncludesEmail === true
            ? []
            : [
                badge(
                  iso.scopeIncludesEmail === false ? 'Scope does not include email' : 'Not recorded whether the scope includes email',
                  'bad',
                  3,
                ),
              ]),
        ],
      ],
      [
        'Valid',
        [
          t(iso.issuedOn && iso.expiresOn ? `${formatDate(iso.issuedOn)} to ${formatDate(iso.expiresOn)}` : given(undefined)),
          ...(iso.expiresOn && iso.expiresOn < on ? [badge('Expired before the planned submission', 'bad', 3)] : []),
        ],
      ],
      [
        'Last certification or surveillance audit',
        [
          t(iso.lastAuditOn ? formatDate(iso.lastAuditOn) : given(undefined)),
          ...(iso.lastAuditOn && !isWithinCalendarMonths(iso.lastAuditOn, on, 12)
            ? [badge('More than 12 calendar months before the planned submission', 'bad', 3)]
            : []),
        ],
      ],
    ],
    { labelWidth: 0.3 },
  );
  const pt = p.penTest;
  const given2 = (v: string | undefined) => v ?? 'Not recorded (ICT-02)';
  b.heading(pt.kind === 'ithc' ? 'IT health check (ITHC)' : 'Penetration test', 2, { keepWith: 60 });
  b.keyValues(
    [
      ['Tester', pt.tester ? pt.tester + (pt.testerAccreditation ? ` (${pt.testerAccreditation})` : '') : given2(undefined)],
      [
        'Date',
        [
          t(pt.testedOn ? formatDate(pt.testedOn) : given2(undefined)),
          ...(pt.testedOn && !isWithinCalendarMonths(pt.testedOn, on, 12)
            ? [badge('More than 12 calendar months before the planned submission', 'bad', 3)]
            : []),
        ],
      ],
      ['Scope', given2(pt.scope)],
      ['Findings', given2(pt.findingsSummary)],
      ['Remediation', given2(pt.remediationStatus)],
    ],
    { labelWidth: 0.3 },
  );
  b.heading('Provider signatory', 2, { keepWith: 40 });
  b.keyValues(
    p.signatory
      ? [
          ['Name', p.signatory.name],
          ['Role', p.signatory.role],
          ['Organisation', p.signatory.organisation],
          ['Signed on', formatDate(p.signatory.date)],
        ]
      : [['Provider signatory', [t('Not yet signed by the ICT service provider', { font: 'italic', color: tones.bad.fg })]]],
    { labelWidth: 0.3 },
  );
}

async function signOffSection(b: DocBuilder, m: StatementModel, seal: SealIdentity | undefined): Promise<void> {
  const n = m.ictProvider ? 7 : 6;
  // Keep the whole section together (declaration, both boxes, the seal note): a sealed statement must not
  // end with a page holding only the seal note.
  b.heading(`${n}. Sign-off`, 1, { keepWith: seal ? 470 : 390 });
  b.paragraph([
    t(
      'By signing, each signatory confirms that, to the best of their knowledge, the responses and document details in this statement are accurate and complete, that the evidence listed was reviewed, and that the email service is operated as described. The DCB1596 process asks for sign-off by both an ICT expert and a clinical safety expert.',
      { size: 8.2 },
    ),
  ]);
  b.space(10);
  const gap = 14;
  const w = (b.width - gap) / 2;
  const h = 178;
  b.ensure(h + 8);
  const top = b.y;
  for (const [slot, x] of [
    ['ictExpert', b.left],
    ['clinicalSafetyExpert', b.left + w + gap],
  ] as const) {
    const image = m.signOffs[slot]?.signature.kind === 'image' ? await embedSignature(b, slot, m.signOffs[slot]!) : undefined;
    b.tagged('Div', {}, () => signOffBlock(b, slot, m.signOffs[slot], x, top, w, h, image));
  }
  b.y = top - h - 14;
  b.heading('Seal and verification', 2, { keepWith: seal ? 160 : 80 });
  if (seal) {
    b.keyValues(
      [
        ['Sealed by', seal.subject],
        ['Certificate issuer', seal.selfSigned ? `${seal.issuer} (self-issued)` : seal.issuer],
        ['Certificate SHA-256', [t(seal.fingerprintSha256, { font: 'mono', size: 7.2, color: colours.ink })]],
        ['Certificate valid', `${formatDate(seal.validFrom)} to ${formatDate(seal.validTo)}`],
      ],
      { labelWidth: 0.26 },
    );
    b.space(6);
  }
  b.callout(
    [
      t(
        seal
          ? 'This PDF carries one cryptographic seal applied at export; the two sign-offs above are recorded attestations (name, role, time and method), not separate digital signatures. The seal shows that the statement has not changed since it was sealed; it is integrity and attribution, not a qualified electronic signature. Check it in a PDF reader’s signature panel or with pdfsig.'
          : 'This statement is not cryptographically sealed. The two sign-offs above are recorded attestations (name, role, time and method).',
        { size: 7.8 },
      ),
      t(
        'To check the whole bundle: unzip it and run “sha256sum -c SHA256SUMS” in the folder, or “npx dcb1596 verify <bundle.zip>”. VERIFY.txt in the bundle explains each step.',
        { size: 7.8 },
        4,
      ),
    ],
    'accent',
  );
}

async function embedSignature(b: DocBuilder, slot: SignOffSlot, s: SignOff): Promise<PDFImage> {
  if (s.signature.kind !== 'image') throw new Error('Not a signature image');
  try {
    return await b.doc.embedPng(s.signature.png);
  } catch {
    throw invalid(`The ${SIGN_OFF_LABELS[slot].toLowerCase()}'s signature image could not be read. Sign again.`);
  }
}

// One signatory's box, drawn as the content of a Div (the caller tags it); the frame and rules are artefacts.
function signOffBlock(
  b: DocBuilder,
  slot: SignOffSlot,
  s: SignOff | undefined,
  x: number,
  top: number,
  w: number,
  h: number,
  img: PDFImage | undefined,
): void {
  const p = b.page;
  b.roundedRect(x, top, w, h, 5, colours.white, colours.rule);
  const pad = 12;
  p.drawText(SIGN_OFF_LABELS[slot].toUpperCase(), { x: x + pad, y: top - pad - 7, size: 8, font: b.fonts.bold, color: colours.accent });
  const sigTop = top - pad - 16;
  const sigH = 54;
  const lineY = sigTop - sigH;
  if (img) {
    const scale = Math.min((w - pad * 2) / img.width, (sigH - 4) / img.height, 1);
    p.drawImage(img, { x: x + pad, y: lineY + 2, width: img.width * scale, height: img.height * scale });
  } else if (s?.signature.kind === 'typed') {
    const text = b.clean(s.signature.text, 'script');
    const size = Math.min(26, ((w - pad * 2) / Math.max(1, b.fonts.script.widthOfTextAtSize(text, 1))) * 0.95);
    p.drawText(text, { x: x + pad, y: lineY + 9, size, font: b.fonts.script, color: colours.ink });
  } else {
    p.drawText('Awaiting sign-off', { x: x + pad, y: lineY + 20, size: 9, font: b.fonts.italic, color: colours.faint });
  }
  b.artifact(() =>
    p.drawLine({ start: { x: x + pad, y: lineY }, end: { x: x + w - pad, y: lineY }, thickness: 0.6, color: colours.ruleStrong }),
  );
  const fields: [string, string][] = s
    ? [
        ['Name', s.name],
        ['Role', s.role],
        ['Organisation', s.organisation],
        ['Email', s.email],
        ['Signed', formatDateTime(s.signedAt)],
      ]
    : [
        ['Name', ''],
        ['Role', ''],
        ['Organisation', ''],
        ['Email', ''],
        ['Signed', ''],
      ];
  let y = lineY - 14;
  for (const [label, value] of fields) {
    p.drawText(label, { x: x + pad, y, size: 8, font: b.fonts.semibold, color: colours.muted });
    const maxW = w - pad * 2 - 58;
    let v = b.clean(value, 'regular');
    const size = label === 'Name' ? 8.6 : 8;
    const font = label === 'Name' ? b.fonts.semibold : b.fonts.regular;
    while (v.length > 1 && font.widthOfTextAtSize(v, size) > maxW) v = `${v.slice(0, -2)}…`;
    if (v) p.drawText(v, { x: x + pad + 58, y, size, font, color: colours.ink });
    else
      b.artifact(() =>
        p.drawLine({ start: { x: x + pad + 58, y: y - 1 }, end: { x: x + w - pad, y: y - 1 }, thickness: 0.4, color: colours.rule }),
      );
    y -= 14;
  }
  if (s) {
    const method = b.clean(METHOD_LABELS[s.method], 'italic');
    p.drawText(method, { x: x + pad, y: y - 2, size: 8, font: b.fonts.italic, color: colours.muted });
  }
}

export async function renderStatementBytes(m: StatementModel, opts: StatementRenderOptions = {}): Promise<Uint8Array> {
  const doc = await renderStatement(m, opts);
  return doc.save({ useObjectStreams: false });
}
