import { makeStyles, tokens, Subtitle2, Text, Caption1 } from '@fluentui/react-components';
import type { Response } from '../../../../shared/contract/assessments';
import type { Requirement } from '../../../../shared/domain/catalogue/schema';
import { DOCUMENT_FIELDS } from '../../../../shared/domain/readiness';
import { ResultBadge } from '../../components/badges';
import { formatDate, formatDateTime } from '../../format';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  dl: {
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const DOC_LABELS: Record<string, string> = {
  title: 'Document title',
  version: 'Version',
  date: 'Document date',
  approvedBy: 'Approved by (role)',
  approvalDate: 'Approval date',
};

// How a signed answer reads: the same facts as the form, without inputs.
export function ResponseReadOnly({ requirement: r, response }: { requirement: Requirement; response?: Response }) {
  const s = useStyles();
  const show = (key: string, v?: string) => (v ? (key.toLowerCase().includes('date') ? formatDate(v) : v) : '—');
  return (
    <section className={s.root} aria-label={`Response to ${r.id} (read-only)`}>
      <dl className={s.dl}>
        <dt className={s.dt}>Result</dt>
        <dd className={s.dd}>
          <ResultBadge result={response?.result ?? 'not-assessed'} />
        </dd>
        {response?.naJustification && (
          <>
            <dt className={s.dt}>Why it does not apply</dt>
            <dd className={s.dd}>{response.naJustification}</dd>
          </>
        )}
        <dt className={s.dt}>Owner</dt>
        <dd className={s.dd}>{response?.owner ?? '—'}</dd>
        {response?.notes && (
          <>
            <dt className={s.dt}>Notes</dt>
            <dd className={s.dd}>{response.notes}</dd>
          </>
        )}
      </dl>
      {r.documentReference && (
        <div>
          <Subtitle2 as="h3">Document</Subtitle2>
          <dl className={s.dl}>
            {DOCUMENT_FIELDS.map(([k]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt className={s.dt}>{DOC_LABELS[k]}</dt>
                <dd className={s.dd}>{show(k, response?.document?.[k])}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {r.fields.length > 0 && (
        <div>
          <Subtitle2 as="h3">Details</Subtitle2>
          <dl className={s.dl}>
            {r.fields.map((f) => (
              <div key={f.key} style={{ display: 'contents' }}>
                <dt className={s.dt}>{f.label}</dt>
                <dd className={s.dd}>{f.type === 'date' ? show('date', response?.fields[f.key]) : (response?.fields[f.key] ?? '—')}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {response && (
        <Caption1 className={s.muted}>
          Answered by {response.updatedBy} · {formatDateTime(response.updatedAt)}
        </Caption1>
      )}
      {!response && <Text className={s.muted}>No answer was recorded.</Text>}
    </section>
  );
}
