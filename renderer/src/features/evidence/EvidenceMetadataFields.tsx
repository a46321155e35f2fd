import { useEffect } from 'react';
import { Controller, useWatch, type UseFormReturn } from 'react-hook-form';
import { Field, Input, Select, Textarea, makeStyles, tokens, Caption1 } from '@fluentui/react-components';
import { EVIDENCE_KINDS, EVIDENCE_KIND_IDS } from '../../../../shared/domain/evidence-kinds';
import { FRESHNESS_RULES, assessFreshness, suggestedExpiry } from '../../../../shared/domain/freshness';
import type { EvidenceFormMode, EvidenceFormValues } from './evidence-form-model';
import { todayIso } from './evidence-form-model';
import { FreshnessBadge } from './EvidenceBadges';
import { readableDates } from './evidence-format';
import { formatDateTime } from '../../format';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(6, minmax(0, 1fr))',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalM,
    alignItems: 'start',
  },
  full: { gridColumn: 'span 6' },
  half: { gridColumn: 'span 3' },
  third: { gridColumn: 'span 2' },
  control: { width: '100%', minWidth: 0 },
  preview: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Name = keyof EvidenceFormValues;

// The metadata reviewers ask for (name, date, version, approval) plus what freshness needs (dates). Shared by
// "add evidence", "new version" and "edit". Freshness is previewed live at the date that matters.
export function EvidenceMetadataFields(props: {
  form: UseFormReturn<EvidenceFormValues>;
  mode: EvidenceFormMode;
  // Title and kind cannot change while a signed assessment relies on the item; nor can a pinned version's dates.
  frozenItem?: boolean;
  frozenVersion?: boolean;
  referenceDate?: string;
  referenceLabel?: string;
}) {
  const s = useStyles();
  const { form, mode } = props;
  const { control, formState, setValue, getFieldState } = form;
  const [kind, issueDate, expiryDate, collectedAt] = useWatch({ control, name: ['kind', 'issueDate', 'expiryDate', 'collectedAt'] });

  // The anniversary default for documents reviewed yearly, until the user types an expiry date themselves.
  useEffect(() => {
    if (mode === 'edit' || getFieldState('expiryDate').isDirty) return;
    const suggestion = suggestedExpiry(kind, issueDate);
    if (suggestion) setValue('expiryDate', suggestion, { shouldValidate: formState.isSubmitted });
  }, [kind, issueDate, mode, setValue, getFieldState, formState.isSubmitted]);

  // Fluent inputs keep their own state, so every field is a controlled one.
  const text = (
    name: Name,
    label: string,
    o: { className: string; hint?: string; placeholder?: string; type?: 'date'; disabled?: boolean; required?: boolean },
  ) => (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <Field
          label={label}
          required={o.required}
          className={o.className}
          hint={o.hint}
          validationMessage={fieldState.error?.message}
          validationState={fieldState.error ? 'error' : 'none'}
        >
          <Input
            className={s.control}
            type={o.type}
            name={field.name}
            value={field.value}
            onChange={(_, d) => field.onChange(d.value)}
            onBlur={field.onBlur}
            ref={field.ref}
            placeholder={o.placeholder}
            disabled={o.disabled}
          />
        </Field>
      )}
    />
  );

  const rule = FRESHNESS_RULES[kind];
  const ref = props.referenceDate ?? todayIso();
  const preview = assessFreshness({ kind, collectedAt: collectedAt || todayIso(), issueDate, expiryDate }, ref);
  const showItem = mode !== 'version';
  const lockItem = props.frozenItem === true;
  const lockVersion = props.frozenVersion === true;
  const probeTime = collectedAt.length > 10;

  return (
    <div className={s.grid}>
      {showItem && (
        <>
          {text('title', 'Title', {
            className: s.full,
            required: true,
            disabled: lockItem,
            placeholder: 'e.g. Information security incident procedure',
            hint: lockItem ? 'Fixed while a signed assessment relies on it' : undefined,
          })}
          <Controller
            control={control}
            name="kind"
            render={({ field, fieldState }) => (
              <Field
                label="Kind"
                required
                className={s.half}
                hint={rule.explanation}
                validationMessage={fieldState.error?.message}
                validationState={fieldState.error ? 'error' : 'none'}
              >
                <Select
                  className={s.control}
                  name={field.name}
                  value={field.value}
                  onChange={(_, d) => field.onChange(d.value)}
                  onBlur={field.onBlur}
                  ref={field.ref}
                  disabled={lockItem}
                >
                  {EVIDENCE_KIND_IDS.map((k) => (
                    <option key={k} value={k}>
                      {EVIDENCE_KINDS[k]}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
          />
          {text('owner', 'Owner', { className: s.half, hint: 'Who keeps it up to date', placeholder: 'e.g. Registered manager' })}
        </>
      )}
      {probeTime ? (
        <Field label="Collected" className={s.third} hint="Recorded by the probe run">
          <Input className={s.control} value={formatDateTime(collectedAt)} disabled />
        </Field>
      ) : (
        text('collectedAt', 'Collected on', {
          className: s.third,
          type: 'date',
          disabled: lockVersion,
          hint: 'When it showed reality (a screenshot’s day, a test’s date)',
        })
      )}
      {text('issueDate', 'Issue date', {
        className: s.third,
        type: 'date',
        disabled: lockVersion,
        hint:
          rule.maxAgeMonths && rule.agesFrom === 'issueDate'
            ? `Counts for ${rule.maxAgeMonths} months from this date`
            : 'Date on the document',
      })}
      {text('expiryDate', 'Expiry or review date', { className: s.third, type: 'date', disabled: lockVersion, hint: 'Last day it counts' })}
      {text('documentVersion', 'Document version', { className: s.third, disabled: lockVersion, placeholder: 'e.g. 3.1' })}
      {text('approvedBy', 'Approved by (role)', { className: s.third, disabled: lockVersion, placeholder: 'e.g. Board' })}
      {text('approvalDate', 'Approval date', { className: s.third, type: 'date', disabled: lockVersion })}
      {mode !== 'new' &&
        text('note', mode === 'version' ? 'What changed in this version' : 'Version note', {
          className: s.full,
          disabled: lockVersion && mode === 'edit',
          placeholder: 'e.g. Annual review, scope extended to shared mailboxes',
        })}
      {showItem && (
        <Controller
          control={control}
          name="notes"
          render={({ field, fieldState }) => (
            <Field
              label="Notes"
              className={s.full}
              validationMessage={fieldState.error?.message}
              validationState={fieldState.error ? 'error' : 'none'}
            >
              <Textarea
                name={field.name}
                value={field.value}
                onChange={(_, d) => field.onChange(d.value)}
                onBlur={field.onBlur}
                ref={field.ref}
                resize="vertical"
                rows={2}
              />
            </Field>
          )}
        />
      )}
      <div className={`${s.full} ${s.preview}`} aria-live="polite">
        <Caption1 className={s.muted}>{props.referenceLabel ?? 'Today'}:</Caption1>
        <FreshnessBadge freshness={preview} context={props.referenceLabel ? `at ${props.referenceLabel.toLowerCase()}` : 'today'} />
        <Caption1 className={s.muted}>{readableDates(preview.reason)}</Caption1>
      </div>
    </div>
  );
}
