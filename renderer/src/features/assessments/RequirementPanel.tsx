import {
  makeStyles,
  tokens,
  Title3,
  Text,
  Caption1,
  Badge,
  Link as FluentLink,
  Divider,
  MessageBar,
  MessageBarBody,
  Subtitle2,
} from '@fluentui/react-components';
import { ErrorCircle16Filled, Warning16Filled, LockClosed16Regular } from '@fluentui/react-icons';
import { isMandatory, ASSERTER_LABELS } from '../../../../shared/domain/catalogue/schema';
import { EVIDENCE_KINDS } from '../../../../shared/domain/evidence-kinds';
import { ObligationBadge, ProvenanceBadge } from '../../components/badges';
import { bridge } from '../../api/bridge';
import type { RequirementRow } from './checklist-model';
import { ResponseForm } from './ResponseForm';
import { ResponseReadOnly } from './ResponseReadOnly';
import { RequirementFindings } from './RequirementFindings';
import { ProposalBar } from './ProposalBar';
import { RequirementEvidenceSlot } from './RequirementEvidenceSlot';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingHorizontalXXL,
    boxShadow: tokens.shadow2,
  },
  head: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  id: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground3 },
  badges: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  wording: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalM,
    borderLeft: `3px solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground2,
    fontStyle: 'italic',
  },
  guidance: { lineHeight: tokens.lineHeightBase400 },
  muted: { color: tokens.colorNeutralForeground3 },
  issues: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: 0, listStyle: 'none' },
  issue: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  blocker: { color: tokens.colorPaletteRedForeground1, flexShrink: 0, paddingTop: '2px' },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1, flexShrink: 0, paddingTop: '2px' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export function RequirementPanel(props: {
  clientId: string;
  assessmentId: string;
  row: RequirementRow;
  sourceUrls: Record<string, { title: string; url?: string }>;
  plannedSubmissionDate: string;
  locked: boolean;
  onNext: () => void;
}) {
  const s = useStyles();
  const { requirement: r, response } = props.row;
  const mandatory = isMandatory(r);
  const issues = [
    ...props.row.blockers.map((i) => ({ ...i, blocker: true })),
    ...props.row.warnings.map((i) => ({ ...i, blocker: false })),
  ];

  return (
    <article className={s.root} aria-labelledby="requirement-title">
      <header className={s.head}>
        <div className={s.badges}>
          <Text className={s.id}>{r.id}</Text>
          <ObligationBadge obligation={r.obligation} mandatory={mandatory} />
          <ProvenanceBadge provenance={r.provenance} sources={r.sources.join(', ')} />
          {r.legacy && (
            <Badge appearance="outline" color="informative" shape="rounded">
              Historic
            </Badge>
          )}
          {props.locked && (
            <Badge appearance="outline" icon={<LockClosed16Regular />} shape="rounded">
              Locked
            </Badge>
          )}
        </div>
        <Title3 as="h2" id="requirement-title">
          {r.title}
        </Title3>
        <Caption1 className={s.muted}>Asserted by {r.asserts.map((a) => ASSERTER_LABELS[a]).join(' and ')}</Caption1>
      </header>

      {issues.length > 0 && (
        <ul className={s.issues} aria-label="What needs attention">
          {issues.map((i, n) => (
            <li key={n} className={s.issue}>
              <span className={i.blocker ? s.blocker : s.warning} role="img" aria-label={i.blocker ? 'Blocks submission' : 'Warning'}>
                {i.blocker ? <ErrorCircle16Filled /> : <Warning16Filled />}
              </span>
              <Text size={300}>{i.message}</Text>
            </li>
          ))}
        </ul>
      )}

      <div className={s.section}>
        <Subtitle2 as="h3">What the standard asks</Subtitle2>
        <blockquote className={s.wording}>{r.wording}</blockquote>
        <Text className={s.guidance}>{r.guidance}</Text>
        {r.provenanceNote && <Caption1 className={s.muted}>Note on sources: {r.provenanceNote}</Caption1>}
        {r.sources.length > 0 && (
          <Caption1 className={s.muted}>
            Sources:{' '}
            {r.sources.map((id, i) => {
              const src = props.sourceUrls[id];
              return (
                <span key={id}>
                  {i > 0 && ', '}
                  {src?.url ? (
                    <FluentLink inline onClick={() => void bridge().openExternal(src.url!)} title={src.title}>
                      {src.title}
                    </FluentLink>
                  ) : (
                    (src?.title ?? id)
                  )}
                </span>
              );
            })}
          </Caption1>
        )}
        {r.evidenceKinds.length > 0 && (
          <Caption1 className={s.muted}>Expected evidence: {r.evidenceKinds.map((k) => EVIDENCE_KINDS[k]).join(', ')}</Caption1>
        )}
      </div>

      {r.obligation === 'INFO' ? (
        <MessageBar intent="info">
          <MessageBarBody>For information: this item needs no answer.</MessageBarBody>
        </MessageBar>
      ) : (
        <>
          <Divider />
          {!props.locked && props.row.proposal && <ProposalBar assessmentId={props.assessmentId} proposal={props.row.proposal} />}
          {props.locked ? (
            <ResponseReadOnly requirement={r} response={response} />
          ) : (
            <ResponseForm
              key={r.id}
              assessmentId={props.assessmentId}
              requirement={r}
              response={response}
              plannedSubmissionDate={props.plannedSubmissionDate}
              locked={props.locked}
              onSavedNext={props.onNext}
            />
          )}
        </>
      )}

      {r.checks.length > 0 && (
        <>
          <Divider />
          <RequirementFindings clientId={props.clientId} checks={r.checks} findings={props.row.findings} />
        </>
      )}

      {r.obligation !== 'INFO' && (
        <>
          <Divider />
          <RequirementEvidenceSlot
            clientId={props.clientId}
            assessmentId={props.assessmentId}
            requirementId={r.id}
            expectedKinds={r.evidenceKinds}
            locked={props.locked}
          />
        </>
      )}
    </article>
  );
}
