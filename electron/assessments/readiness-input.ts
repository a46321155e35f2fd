import type { AssessmentFinding, Response } from '../../shared/contract/assessments';
import type { Client } from '../../shared/contract/clients';
import type { ProbeRunSummary } from '../../shared/contract/findings';
import type { Requirement } from '../../shared/domain/catalogue/schema';
import { toIsoDate, utcDateOf } from '../../shared/domain/dates';
import type { ReadinessInput, ResponseState, SignoffRole } from '../../shared/domain/readiness';
import type { Clock } from '../backend/ports';
import type { EvidenceService } from '../evidence/evidence-service';
import type { FindingsService } from '../findings/findings-service';
import type { SettingsService } from '../settings/settings-service';
import type { StatementDetailsReader } from '../statement/statement-details';

// Everything the one readiness model needs, gathered from the workspace in one place: the checklist, the
// statement page, sign-off, export, the portfolio and the CLI all evaluate readiness on this input.

export interface ReadinessSource {
  client: Client;
  assessment: { id: string; route: Client['route']; planned_submission_date: string };
  requirements: Requirement[];
  responses: Response[];
  findings: AssessmentFinding[];
  runs: ProbeRunSummary[];
  signoffs: { role: SignoffRole; signedAt: string }[];
}

// The runs a readiness verdict and a statement rest on: each current domain's last check and the last tenant
// probe, as they stood when the assessment was signed (what the signatories saw) or now.
export function selectRuns(
  s: { readonly findings: Pick<FindingsService, 'latestRuns'> },
  client: Client,
  until?: string,
): ProbeRunSummary[] {
  const runs = s.findings.latestRuns(client.id, until ? { until } : {});
  const domains = runs.filter((r) => r.kind === 'domain' && client.domains.includes(r.target));
  const tenant = runs.filter((r) => r.kind === 'tenant').sort((x, y) => y.finishedAt.localeCompare(x.finishedAt))[0];
  return [...domains, ...(tenant ? [tenant] : [])];
}

// What readiness reads beyond the assessment itself.
export interface ReadinessInputDeps {
  readonly clock: Clock;
  readonly evidence: Pick<EvidenceService, 'statesForAssessment'>;
  readonly settings: Pick<SettingsService, 'get'>;
  readonly statementDetails: StatementDetailsReader;
}

export function readinessInput(s: ReadinessInputDeps, src: ReadinessSource): ReadinessInput {
  const { client, assessment: a } = src;
  const byId: Record<string, ResponseState> = {};
  for (const r of src.responses)
    byId[r.requirementId] = {
      result: r.result,
      naJustification: r.naJustification,
      document: r.document,
      fields: r.fields,
      carriedOver: r.carriedFromCycle !== undefined,
    };
  const today = toIsoDate(s.clock.now());
  // Probe runs are judged on the day the statement was signed once both signatories have, so exporting a
  // signed statement later gives the same answer as on the day it was signed.
  const signedDates = src.signoffs.map((x) => utcDateOf(x.signedAt)).sort();
  const checkedOn = src.signoffs.length >= 2 ? signedDates[signedDates.length - 1]! : today;
  const details = s.statementDetails.saved(a.id);
  const contact = client.contacts.find((c) => c.email);
  const sig = details?.ictProvider?.signatory;
  return {
    requirements: src.requirements,
    responses: byId,
    findings: src.findings.map((f) => ({
      check: f.check,
      status: f.status,
      reason: f.reason,
      target: f.target,
      summary: f.summary,
      observedAt: f.observedAt,
    })),
    evidence: s.evidence.statesForAssessment(a.id, a.planned_submission_date),
    signoffs: src.signoffs.map((x) => x.role),
    plannedSubmissionDate: a.planned_submission_date,
    route: a.route,
    domains: client.domains,
    runs: src.runs.map((r) => ({ kind: r.kind, target: r.target, finishedAt: r.finishedAt })),
    today,
    checkedOn,
    probeMaxAgeDays: s.settings.get().readiness.probeMaxAgeDays,
    statement: {
      detailsSaved: details !== null,
      ...(contact ? { contact: { name: contact.name, email: contact.email } } : {}),
      sites: client.sites.map((x) => ({ name: x.name, ...(x.odsCode ? { odsCode: x.odsCode } : {}) })),
      ...(sig ? { ictSignatory: sig } : {}),
    },
  };
}
