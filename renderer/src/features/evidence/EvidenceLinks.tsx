import { useMemo, useState } from 'react';
import { Button, Caption1, Field, Select, Text, makeStyles, tokens, Tooltip } from '@fluentui/react-components';
import { LinkDismiss16Regular, Link20Regular } from '@fluentui/react-icons';
import type { EvidenceDetail } from '../../../../shared/contract/evidence';
import { STATUS_LABELS } from '../../../../shared/contract/assessments';
import { errorMessage, useApiMutation, useApiQuery } from '../../api/client';
import { useNotify } from '../../components/notify';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  cycles: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  cycle: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  chips: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXXS,
    padding: `0 0 0 ${tokens.spacingHorizontalS}`,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

// Where an item is used, per assessment cycle, and attaching it to a requirement from the library side.
export function EvidenceLinks({ e }: { e: EvidenceDetail }) {
  const s = useStyles();
  const notify = useNotify();
  const assessments = useApiQuery('assessment.list', { clientId: e.clientId });
  const open = (assessments.data ?? []).filter((a) => a.status !== 'signed');
  const [assessmentId, setAssessmentId] = useState('');
  const chosenAssessment = assessmentId || open[0]?.id || '';
  const detail = useApiQuery('assessment.get', { id: chosenAssessment }, { enabled: chosenAssessment !== '' });
  const [requirementId, setRequirementId] = useState('');
  const link = useApiMutation('evidence.link');
  const unlink = useApiMutation('evidence.unlink');

  const requirements = useMemo(() => {
    const linked = new Set(e.links.filter((l) => l.assessmentId === chosenAssessment).map((l) => l.requirementId));
    const all = (detail.data?.requirements ?? []).filter((r) => r.obligation !== 'INFO' && !linked.has(r.id));
    // Requirements that expect this kind of evidence come first.
    return [...all.filter((r) => r.evidenceKinds.includes(e.kind)), ...all.filter((r) => !r.evidenceKinds.includes(e.kind))];
  }, [detail.data, e.links, e.kind, chosenAssessment]);
  const expectedCount = requirements.filter((r) => r.evidenceKinds.includes(e.kind)).length;
  const chosenRequirement = requirements.some((r) => r.id === requirementId) ? requirementId : (requirements[0]?.id ?? '');

  const cycles = new Map<string, { cycle: number; status: (typeof e.links)[number]['assessmentStatus']; ids: string[] }>();
  for (const l of e.links) {
    const c = cycles.get(l.assessmentId) ?? { cycle: l.cycle, status: l.assessmentStatus, ids: [] };
    c.ids.push(l.requirementId);
    cycles.set(l.assessmentId, c);
  }

  const attach = async () => {
    try {
      await link.mutateAsync({ evidenceId: e.id, assessmentId: chosenAssessment, requirementId: chosenRequirement });
      notify('Evidence attached', { body: `${chosenRequirement}: ${e.title}` });
      setRequirementId('');
    } catch (err) {
      notify('Could not attach', { body: errorMessage(err), intent: 'error' });
    }
  };
  const detach = async (aid: string, rid: string) => {
    try {
      await unlink.mutateAsync({ evidenceId: e.id, assessmentId: aid, requirementId: rid });
      notify('Evidence detached', { body: `${rid}: it stays in the library.` });
    } catch (err) {
      notify('Could not detach', { body: errorMessage(err), intent: 'error' });
    }
  };

  return (
    <div className={s.root}>
      {cycles.size === 0 ? (
        <Caption1 className={s.muted}>Not attached to any requirement yet.</Caption1>
      ) : (
        <ul className={s.cycles}>
          {[...cycles].map(([aid, c]) => (
            <li key={aid} className={s.cycle}>
              <Text weight="semibold">
                {c.cycle} assessment · {STATUS_LABELS[c.status]}
              </Text>
              <div className={s.chips}>
                {c.ids.map((rid) => (
                  <span key={rid} className={s.chip}>
                    <Caption1>{rid}</Caption1>
                    {c.status === 'signed' ? (
                      <Tooltip content="Signed and locked" relationship="description">
                        <span style={{ width: tokens.spacingHorizontalS }} />
                      </Tooltip>
                    ) : (
                      <Button
                        size="small"
                        appearance="transparent"
                        icon={<LinkDismiss16Regular />}
                        aria-label={`Detach from ${rid} (${c.cycle})`}
                        onClick={() => detach(aid, rid)}
                        disabled={unlink.isPending}
                      />
                    )}
                  </span>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      {open.length > 0 && (
        <div className={s.form}>
          <Field label="Assessment">
            <Select value={chosenAssessment} onChange={(_, d) => setAssessmentId(d.value)}>
              {open.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.cycle} ({STATUS_LABELS[a.status]})
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Requirement" hint={expectedCount ? `${expectedCount} expect this kind of evidence; listed first` : undefined}>
            <Select value={chosenRequirement} onChange={(_, d) => setRequirementId(d.value)} disabled={requirements.length === 0}>
              {requirements.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.id} — {r.title}
                  {r.evidenceKinds.includes(e.kind) ? ' ★' : ''}
                </option>
              ))}
            </Select>
          </Field>
          <Button icon={<Link20Regular />} onClick={attach} disabled={!chosenRequirement || link.isPending}>
            Attach
          </Button>
        </div>
      )}
    </div>
  );
}
