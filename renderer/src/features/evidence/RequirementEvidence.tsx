import { useState } from 'react';
import { Badge, Button, Caption1, Link, Subtitle2, Text, Tooltip, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  Attach20Regular,
  ArrowUpload20Regular,
  History20Regular,
  LinkDismiss20Regular,
  LockClosed16Regular,
  CheckmarkCircle16Regular,
  Circle16Regular,
} from '@fluentui/react-icons';
import type { RequirementEvidenceEntry } from '../../../../shared/contract/evidence';
import { SOURCE_LABELS } from '../../../../shared/contract/evidence';
import type { EvidenceKind } from '../../../../shared/domain/evidence-kinds';
import { errorMessage, useApiMutation, useApiQuery } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { useNotify } from '../../components/notify';
import { formatDate, formatDateTime } from '../../format';
import { AddEvidenceDialog } from './AddEvidenceDialog';
import { AttachEvidenceDialog } from './AttachEvidenceDialog';
import { EvidenceDetailDrawer } from './EvidenceDetailDrawer';
import { FileTypeIcon, FreshnessBadge, MismatchBadge } from './EvidenceBadges';
import { kindLabel, versionFacts } from './evidence-format';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  head: { display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  titles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  expected: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', alignItems: 'center' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  card: {
    // Titles and file names are the consultant's own and often long, with no spaces to break at.
    overflowWrap: 'anywhere',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  problem: { borderLeft: `3px solid ${tokens.colorPaletteRedBorderActive}` },
  warn: { borderLeft: `3px solid ${tokens.colorPaletteDarkOrangeBorderActive}` },
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  // Takes the room left of the badge and wraps there; on a narrow panel the badge moves below.
  title: { fontWeight: tokens.fontWeightSemibold, textAlign: 'left', flex: '1 1 12em', minWidth: 0 },
  history: {
    listStyle: 'none',
    margin: `${tokens.spacingVerticalXS} 0 0`,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
  empty: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    border: `1px dashed ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
  },
});

export interface RequirementEvidenceProps {
  clientId: string;
  assessmentId: string;
  requirementId: string;
  // The requirement's expected evidence kinds (catalogue `evidenceKinds`): the first is pre-selected on upload.
  expectedKinds: EvidenceKind[];
  // The assessment is signed: show what the sign-off relied on, change nothing.
  locked: boolean;
}

// The evidence attached to one requirement of an assessment, for the checklist's requirement panel: each
// item's version that counts, its freshness at the planned submission date, its history; attach from the
// client's library, upload a new file, or detach. Read-only when the assessment is locked.
export function RequirementEvidence({ clientId, assessmentId, requirementId, expectedKinds, locked }: RequirementEvidenceProps) {
  const s = useStyles();
  const notify = useNotify();
  const entries = useApiQuery('evidence.forRequirement', { assessmentId, requirementId });
  const assessments = useApiQuery('assessment.list', { clientId });
  const unlink = useApiMutation('evidence.unlink');
  const [adding, setAdding] = useState(false);
  const [attaching, setAttaching] = useState(false);
  const [openItem, setOpenItem] = useState<string>();
  const [expanded, setExpanded] = useState<string[]>([]);

  const assessment = assessments.data?.find((a) => a.id === assessmentId);
  const planned = assessment?.plannedSubmissionDate;
  const refLabel = planned ? `Planned submission (${formatDate(planned)})` : undefined;
  const linked = entries.data ?? [];
  const linkedKinds = new Set(linked.map((e) => e.item.kind));

  const detach = async (e: RequirementEvidenceEntry) => {
    try {
      await unlink.mutateAsync({ evidenceId: e.item.id, assessmentId, requirementId });
      notify('Evidence detached', { body: `“${e.item.title}” stays in the library.` });
    } catch (err) {
      notify('Could not detach', { body: errorMessage(err), intent: 'error' });
    }
  };

  return (
    <section className={s.root} aria-label={`Evidence for ${requirementId}`} data-testid="requirement-evidence">
      <div className={s.head}>
        <div className={s.titles}>
          <Subtitle2 as="h3">Evidence</Subtitle2>
          <Caption1 className={s.muted}>
            {locked ? (
              <>
                <LockClosed16Regular /> Signed: these are the versions the sign-off relied on.
              </>
            ) : planned ? (
              `Judged at the planned submission on ${formatDate(planned)}.`
            ) : (
              'Judged at the planned submission date.'
            )}
          </Caption1>
        </div>
        {!locked && (
          <div className={s.actions}>
            <Button size="small" icon={<Attach20Regular />} onClick={() => setAttaching(true)}>
              Attach from library
            </Button>
            <Button size="small" appearance="primary" icon={<ArrowUpload20Regular />} onClick={() => setAdding(true)}>
              Upload new
            </Button>
          </div>
        )}
      </div>

      {expectedKinds.length > 0 && (
        <div className={s.expected} aria-label="Expected evidence">
          <Caption1 className={s.muted}>Expected:</Caption1>
          {expectedKinds.map((k) => (
            <Badge
              key={k}
              appearance="outline"
              shape="rounded"
              size="small"
              color={linkedKinds.has(k) ? 'success' : 'informative'}
              icon={linkedKinds.has(k) ? <CheckmarkCircle16Regular /> : <Circle16Regular />}
            >
              {kindLabel(k)}
            </Badge>
          ))}
        </div>
      )}

      {entries.isPending && <LoadingRows rows={2} label="Loading evidence" />}
      {entries.isError && <ErrorMessage error={entries.error} onRetry={() => entries.refetch()} />}
      {entries.data && linked.length === 0 && (
        <div className={s.empty} role="status">
          <Text>{locked ? 'No evidence was attached when this assessment was signed.' : 'No evidence attached yet.'}</Text>
        </div>
      )}
      {linked.length > 0 && (
        <ul className={s.list}>
          {linked.map((e) => {
            const f = e.freshness.freshness;
            const isOpen = expanded.includes(e.item.id);
            const older = e.versions.filter((v) => v.id !== e.version.id);
            return (
              <li
                key={e.item.id}
                className={mergeClasses(s.card, (f === 'expired' || f === 'missing') && s.problem, f === 'expiring' && s.warn)}
                data-testid="requirement-evidence-item"
              >
                <div className={s.line}>
                  <FileTypeIcon type={e.version.sniffedType} />
                  <Link as="button" className={s.title} onClick={() => setOpenItem(e.item.id)}>
                    {e.item.title}
                  </Link>
                  <FreshnessBadge freshness={e.freshness} context={refLabel ? `at the ${refLabel.toLowerCase()}` : undefined} />
                </div>
                <div className={s.line}>
                  <Caption1 className={s.muted}>
                    {kindLabel(e.item.kind)} · {versionFacts(e.version)} · {SOURCE_LABELS[e.item.source]}
                  </Caption1>
                  {e.version.extensionMismatch && <MismatchBadge originalName={e.version.originalName} type={e.version.sniffedType} />}
                  {e.version.supersededAt && (
                    <Tooltip
                      content={`A newer version exists (v${e.item.current.version}); the signed assessment keeps this one.`}
                      relationship="description"
                    >
                      <Badge appearance="tint" color="informative" size="small" shape="rounded">
                        Signed version
                      </Badge>
                    </Tooltip>
                  )}
                </div>
                <div className={s.line}>
                  {older.length > 0 && (
                    <Button
                      size="small"
                      appearance="subtle"
                      icon={<History20Regular />}
                      aria-expanded={isOpen}
                      onClick={() => setExpanded((x) => (isOpen ? x.filter((id) => id !== e.item.id) : [...x, e.item.id]))}
                    >
                      {isOpen ? 'Hide history' : `History (${older.length} earlier)`}
                    </Button>
                  )}
                  {!locked && (
                    <Button
                      size="small"
                      appearance="subtle"
                      icon={<LinkDismiss20Regular />}
                      onClick={() => detach(e)}
                      disabled={unlink.isPending}
                      aria-label={`Detach ${e.item.title}`}
                    >
                      Detach
                    </Button>
                  )}
                </div>
                {isOpen && (
                  <ol className={s.history} aria-label={`Versions of ${e.item.title}`}>
                    {e.versions.map((v) => (
                      <li key={v.id}>
                        <Caption1>
                          {versionFacts(v)} · added {formatDateTime(v.addedAt)} by {v.addedBy}
                          {v.supersededAt ? ` · superseded ${formatDateTime(v.supersededAt)}` : ' · current'}
                          {v.id === e.version.id && v.supersededAt ? ' · used by this signed assessment' : ''}
                        </Caption1>
                      </li>
                    ))}
                  </ol>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {!locked && (
        <>
          <AddEvidenceDialog
            open={adding}
            onClose={() => setAdding(false)}
            clientId={clientId}
            mode="new"
            defaultKind={expectedKinds[0] ?? 'other'}
            link={{ assessmentId, requirementId }}
            referenceDate={planned}
            referenceLabel={refLabel}
          />
          <AttachEvidenceDialog
            open={attaching}
            onClose={() => setAttaching(false)}
            clientId={clientId}
            assessmentId={assessmentId}
            requirementId={requirementId}
            expectedKinds={expectedKinds}
            alreadyLinked={linked.map((e) => e.item.id)}
          />
        </>
      )}
      {openItem && <EvidenceDetailDrawer evidenceId={openItem} open onClose={() => setOpenItem(undefined)} />}
    </section>
  );
}
