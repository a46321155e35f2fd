import { useEffect, useMemo, useState } from 'react';
import { Badge, Button, Caption1, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeft20Regular, LockOpen20Regular, ShieldCheckmark20Regular } from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { ROUTE_LABELS } from '../../../../shared/contract/clients';
import type { BundleSummary } from '../../../../shared/contract/statement';
import type { ReadinessIssue, SignoffRole } from '../../../../shared/domain/readiness';
import { ApiError, invalidatePrefixes, useApiQuery } from '../../api/client';
import { bridge } from '../../api/bridge';
import { PageHeader } from '../../components/PageHeader';
import { Crumbs } from '../../components/Crumbs';
import { Section } from '../../components/Section';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { FilePickButton } from '../../components/FilePickButton';
import { AssessmentStatusBadge } from '../../components/badges';
import { useNotify } from '../../components/notify';
import { plural } from '../../format';
import { UnlockDialog } from '../assessments/UnlockDialog';
import { StatementDetailsForm } from './StatementDetailsForm';
import { ReadinessSummary } from './ReadinessSummary';
import { SignatoryCard } from './SignatoryCard';
import { StatementPreviewPane } from './StatementPreviewPane';
import { ExportPanel } from './ExportPanel';
import { BundleTable } from './BundleTable';
import { VerifyDialog, type VerifyTarget } from './VerifyDialog';
import { SubmissionHelper } from './SubmissionHelper';
import { StepNav, type Step } from './StepNav';
import { isDetailsPath } from './statement-form-model';

const useStyles = makeStyles({
  signers: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  muted: { color: tokens.colorNeutralForeground3 },
  empty: {
    padding: tokens.spacingHorizontalL,
    border: `1px dashed ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground3,
    textAlign: 'center',
  },
  bundles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  // Clear of the sticky step bar when a step is jumped to.
  anchor: { scrollMarginTop: '96px', outline: 'none' },
});

const ROLE_HELP: Record<SignoffRole, string> = {
  'ict-expert': 'Someone who understands how the email service is configured and run — often the IT consultant or IT lead.',
  'clinical-safety-expert':
    'Someone responsible for clinical safety in the organisation, such as the clinical safety officer or registered manager.',
};

// Sign-off and export: the statement details, what still blocks, both signatories, the statement itself, the
// evidence bundle versions and the email to the NHS secure email team — in the order the work is done.
export function SignOffPage({ clientId, assessmentId }: { clientId: string; assessmentId: string }) {
  const s = useStyles();
  const [, navigate] = useLocation();
  const qc = useQueryClient();
  const notify = useNotify();
  const info = useApiQuery('app.info', {});
  const settings = useApiQuery('settings.get', {});
  const client = useApiQuery('client.get', { id: clientId });
  const detail = useApiQuery('assessment.get', { id: assessmentId, includeLegacy: false });
  const state = useApiQuery('statement.state', { assessmentId });
  const preview = useApiQuery('statement.preview', { assessmentId }, { placeholderData: (p) => p, staleTime: 60_000 });
  const bundles = useApiQuery('bundle.list', { assessmentId });
  const [unlockOpen, setUnlockOpen] = useState(false);
  const [verifying, setVerifying] = useState<VerifyTarget>();
  const [uploading, setUploading] = useState(false);
  const [emailBundle, setEmailBundle] = useState<string>();

  // Sign-offs and unlocking change the statement but are assessment mutations: refresh the statement reads
  // whenever the assessment's revision moves.
  const revision = detail.data?.assessment.revision;
  useEffect(() => {
    if (revision !== undefined) void invalidatePrefixes(qc, ['statement.', 'bundle.submissionEmail']);
  }, [revision, qc]);

  const latest = useMemo(() => [...(bundles.data ?? [])].filter((b) => b.present).sort((a, b) => b.version - a.version)[0], [bundles.data]);

  if (detail.isPending || client.isPending || state.isPending) return <LoadingRows rows={10} label="Loading sign-off" />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => detail.refetch()} />;
  if (client.isError) return <ErrorMessage error={client.error} onRetry={() => client.refetch()} />;
  if (state.isError) return <ErrorMessage error={state.error} title="Could not load the statement" onRetry={() => state.refetch()} />;

  const d = detail.data;
  const a = d.assessment;
  const st = state.data;
  const c = client.data;
  const locked = a.status === 'signed';
  const blockers = d.readiness.blockers as ReadinessIssue[];
  const warnings = d.readiness.warnings as ReadinessIssue[];
  const checklistBlockers = blockers.filter((b) => b.kind !== 'signoff-missing');
  const detailIssues = st.issues.filter((i) => isDetailsPath(i.path));
  const signed = (role: SignoffRole) => d.signoffs.find((x) => x.role === role);
  const signedCount = d.signoffs.length;
  // Counts come from the one readiness model, as on the checklist, the portfolio and in export.
  const counts = d.readiness.counts;
  const blockedReason = d.readiness.readyForSignoff
    ? undefined
    : `Signing opens when nothing else blocks: ${plural(checklistBlockers.length, 'item')} still need${checklistBlockers.length === 1 ? 's' : ''} attention.`;
  const allBundles = bundles.data ?? [];
  const nextVersion = allBundles.reduce((m, b) => Math.max(m, b.version), 0) + 1;
  const chosenEmailBundle = allBundles.find((b) => b.id === emailBundle && b.present) ?? latest;

  const contact = c.contacts.find((k) => /clinical|safety|registered manager/i.test(k.role ?? ''));
  const defaults: Record<SignoffRole, { name?: string; roleTitle?: string; organisation?: string; email?: string }> = {
    'ict-expert': {
      name: settings.data?.displayName || undefined,
      organisation: settings.data?.organisation || undefined,
      email: settings.data?.email || undefined,
    },
    'clinical-safety-expert': { name: contact?.name, roleTitle: contact?.role, email: contact?.email, organisation: c.legalName },
  };

  const steps: Step[] = [
    {
      id: 'details',
      title: 'Details',
      status: st.details && detailIssues.length === 0 ? 'done' : 'todo',
      note: !st.details ? 'Not saved yet' : detailIssues.length ? plural(detailIssues.length, 'issue') : 'Saved',
    },
    {
      id: 'readiness',
      title: 'Readiness',
      status: counts.blockersBeforeSignoff === 0 ? 'done' : 'blocked',
      note:
        counts.blockers === 0
          ? 'Nothing blocks'
          : counts.blockersBeforeSignoff === 0
            ? 'Ready to sign'
            : plural(counts.blockers, 'blocker'),
    },
    { id: 'signatories', title: 'Sign-off', status: signedCount === 2 ? 'done' : 'todo', note: `${signedCount} of 2 signed` },
    {
      id: 'preview',
      title: 'Statement',
      status: st.final ? 'done' : 'todo',
      note: st.final ? 'Final' : 'Draft',
    },
    {
      id: 'export',
      title: 'Bundle',
      status: latest ? 'done' : 'todo',
      note: latest ? `v${latest.version} exported` : 'Not exported',
    },
    { id: 'submit', title: 'Send', status: latest ? 'todo' : 'waiting', note: latest ? 'Email ready' : 'After export' },
  ];

  const goToField = (path: string) => {
    const name = path.replace(/^details\./, '');
    document.getElementById('step-details')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    const el = document.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
    el?.focus({ preventScroll: false });
  };

  const verifyFile = async ([file]: File[]) => {
    if (!file) return;
    setUploading(true);
    const r = await bridge().uploadFile(file);
    setUploading(false);
    if (!r.ok) return notify('Could not read the file', { body: new ApiError(r.error).message, intent: 'error' });
    setVerifying({ uploadId: r.value.uploadId, label: r.value.fileName });
  };

  return (
    <>
      <PageHeader
        above={
          <Crumbs
            trail={[
              { label: 'Clients', href: '/clients' },
              { label: c.legalName, href: `/clients/${clientId}/assessments` },
              { label: `${a.cycle} assessment`, href: `/clients/${clientId}/assessments/${assessmentId}` },
            ]}
          />
        }
        title="Sign off and export"
        subtitle={`${c.legalName} · ODS ${c.odsCode} · the self-accreditation statement and evidence bundle for the NHS secure email team`}
        badges={
          <>
            <AssessmentStatusBadge status={a.status} />
            <Badge appearance="outline" shape="rounded">
              {ROUTE_LABELS[a.route]}
            </Badge>
          </>
        }
        actions={
          <>
            <Link href={`/clients/${clientId}/assessments/${assessmentId}`} asChild>
              <Button icon={<ArrowLeft20Regular />}>Back to checklist</Button>
            </Link>
            {locked && (
              <Button icon={<LockOpen20Regular />} onClick={() => setUnlockOpen(true)}>
                Unlock…
              </Button>
            )}
          </>
        }
      />

      {st.sample && !info.data?.sampleWorkspace && (
        <MessageBar intent="warning">
          <MessageBarBody>
            Sample data: the statement and every bundle exported here are marked “SAMPLE — NOT FOR SUBMISSION”.
          </MessageBarBody>
        </MessageBar>
      )}
      {locked && (
        <MessageBar intent="success">
          <MessageBarBody>
            Both signatories have signed and the assessment is locked. Export the bundle and send it; unlocking clears both sign-offs and
            any new export becomes a new version.
          </MessageBarBody>
        </MessageBar>
      )}

      <StepNav steps={steps} />

      <div id="step-details" className={s.anchor} tabIndex={-1}>
        <Section
          id="details"
          title="1. Statement details"
          description="What the NHS statement asks for beyond the checklist and the client record."
        >
          <StatementDetailsForm key={assessmentId} assessmentId={assessmentId} route={a.route} state={st} locked={locked} />
        </Section>
      </div>

      <div id="step-readiness" className={s.anchor} tabIndex={-1}>
        <Section
          id="readiness"
          title="2. Readiness"
          description="Sign-off opens when nothing in the checklist blocks; the statement is final when its details are complete too."
        >
          <ReadinessSummary
            blockers={blockers}
            warnings={warnings}
            statementIssues={st.issues}
            onRequirement={(id) => navigate(`/clients/${clientId}/assessments/${assessmentId}/${id}`)}
            onField={goToField}
          />
        </Section>
      </div>

      <div id="step-signatories" className={s.anchor} tabIndex={-1}>
        <Section
          id="signatories"
          title="3. Signatories"
          description="DCB1596 asks for sign-off by an ICT expert and a clinical safety expert. Both signatures lock the assessment."
        >
          <div className={s.signers}>
            {(['ict-expert', 'clinical-safety-expert'] as const).map((role) => (
              <SignatoryCard
                key={`${role}-${signed(role)?.signedAt ?? 'unsigned'}`}
                assessmentId={assessmentId}
                role={role}
                signoff={signed(role)}
                locked={locked}
                blockedReason={blockedReason}
                defaults={defaults[role]}
                description={ROLE_HELP[role]}
              />
            ))}
          </div>
        </Section>
      </div>

      <div id="step-preview" className={s.anchor} tabIndex={-1}>
        <Section
          id="preview"
          title="4. Statement preview"
          description="The statement PDF exactly as it would be exported now."
          actions={
            <>
              {preview.isFetching && !preview.isPending && <Spinner size="extra-tiny" label="Updating" labelPosition="before" />}
              {preview.data?.sample && (
                <Badge color="warning" appearance="filled">
                  SAMPLE
                </Badge>
              )}
              {preview.data &&
                (preview.data.draft ? (
                  <Badge color="danger" appearance="filled" size="large">
                    DRAFT
                  </Badge>
                ) : (
                  <Badge color="success" appearance="filled" size="large">
                    Final
                  </Badge>
                ))}
            </>
          }
        >
          {preview.data?.draft && (
            <Caption1 className={s.muted}>Watermarked DRAFT until both sign-offs are recorded and nothing blocks the statement.</Caption1>
          )}
          {preview.isPending && <LoadingRows rows={4} label="Rendering the statement" />}
          {preview.isError && (
            <ErrorMessage error={preview.error} title="Could not render the statement" onRetry={() => preview.refetch()} />
          )}
          {preview.data && <StatementPreviewPane base64={preview.data.pdfBase64} label={`Statement for ${c.legalName}, ${a.cycle}`} />}
        </Section>
      </div>

      <div id="step-export" className={s.anchor} tabIndex={-1}>
        <Section
          id="export"
          title="5. Evidence bundle"
          description="One ZIP with the statement, evidence index, technical report, evidence files, audit log and a manifest of SHA-256 hashes anyone can check."
          actions={
            <FilePickButton
              accept=".zip,application/zip"
              icon={<ShieldCheckmark20Regular />}
              onFiles={(f) => void verifyFile(f)}
              disabled={uploading}
            >
              {uploading ? 'Reading the file…' : 'Verify a bundle file…'}
            </FilePickButton>
          }
        >
          <ExportPanel
            assessmentId={assessmentId}
            nextVersion={nextVersion}
            hasBundles={allBundles.length > 0}
            final={st.final}
            onExported={(b: BundleSummary) => setEmailBundle(b.id)}
          />
          <div className={s.bundles}>
            {bundles.isPending && <LoadingRows rows={2} label="Loading bundle versions" />}
            {bundles.isError && <ErrorMessage error={bundles.error} title="Could not list the bundles" onRetry={() => bundles.refetch()} />}
            {bundles.data && allBundles.length === 0 && (
              <div className={s.empty}>No bundle exported yet. Each export adds a version here.</div>
            )}
            {allBundles.length > 0 && (
              <BundleTable
                bundles={allBundles}
                onVerify={(b) => setVerifying({ bundleId: b.id, label: `v${b.version} (${b.fileName})` })}
              />
            )}
          </div>
        </Section>
      </div>

      <div id="step-submit" className={s.anchor} tabIndex={-1}>
        <Section id="submit" title="6. Send to the NHS secure email team" description="The email that goes with the bundle, ready to copy.">
          {chosenEmailBundle ? (
            <SubmissionHelper bundles={allBundles.filter((b) => b.present)} bundleId={chosenEmailBundle.id} onBundle={setEmailBundle} />
          ) : (
            <div className={s.empty}>Export a bundle first: the email names the bundle file and its SHA-256.</div>
          )}
        </Section>
      </div>

      {verifying && (
        <VerifyDialog
          key={'bundleId' in verifying ? verifying.bundleId : verifying.uploadId}
          target={verifying}
          onClose={() => setVerifying(undefined)}
        />
      )}
      <UnlockDialog assessmentId={a.id} cycle={a.cycle} open={unlockOpen} onClose={() => setUnlockOpen(false)} />
    </>
  );
}
