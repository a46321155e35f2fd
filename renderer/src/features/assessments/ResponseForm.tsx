import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import {
  Button,
  Checkbox,
  Dropdown,
  Field,
  Input,
  Option,
  Radio,
  RadioGroup,
  Textarea,
  makeStyles,
  tokens,
  Subtitle2,
  Caption1,
  MessageBar,
  MessageBarBody,
  Spinner,
} from '@fluentui/react-components';
import { Save16Regular, ArrowDown16Regular } from '@fluentui/react-icons';
import { RESULT_LABELS, ResponseInput, type Response } from '../../../../shared/contract/assessments';
import type { Requirement } from '../../../../shared/domain/catalogue/schema';
import { DOCUMENT_FIELDS, fieldDateProblem, fieldIsRequired } from '../../../../shared/domain/readiness';
import { ApiError, useApiMutation } from '../../api/client';
import { useNotify } from '../../components/notify';
import { FormInput, FormTextarea } from '../../components/FormInput';
import { OwnerCombobox } from '../people/OwnerCombobox';
import { leaveWithoutAsking, useUnsavedChanges } from '../../app/unsaved';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  results: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalL },
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))',
    gap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalM,
  },
  hint: { color: tokens.colorNeutralForeground3 },
  actions: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    flexWrap: 'wrap',
    '& button': { whiteSpace: 'nowrap' },
  },
  saved: { color: tokens.colorNeutralForeground3, marginLeft: 'auto' },
});

type Result = keyof typeof RESULT_LABELS;
interface Values {
  result: Result;
  naJustification: string;
  notes: string;
  owner: string;
  document: Record<(typeof DOCUMENT_FIELDS)[number][0], string>;
  fields: Record<string, string>;
  reconfirm: boolean;
}

function initial(r: Requirement, resp?: Response): Values {
  return {
    result: resp?.result ?? 'not-assessed',
    naJustification: resp?.naJustification ?? '',
    notes: resp?.notes ?? '',
    owner: resp?.owner ?? '',
    document: Object.fromEntries(DOCUMENT_FIELDS.map(([k]) => [k, resp?.document?.[k] ?? ''])) as Values['document'],
    fields: Object.fromEntries(r.fields.map((f) => [f.key, resp?.fields[f.key] ?? ''])),
    reconfirm: resp?.reconfirm ?? false,
  };
}

const DOC_LABELS: Record<string, string> = {
  title: 'Document title',
  version: 'Version',
  date: 'Document date',
  approvedBy: 'Approved by (role)',
  approvalDate: 'Approval date',
};

export function ResponseForm(props: {
  assessmentId: string;
  requirement: Requirement;
  response?: Response;
  plannedSubmissionDate: string;
  locked: boolean;
  onSavedNext?: () => void;
}) {
  const s = useStyles();
  const r = props.requirement;
  const notify = useNotify();
  const save = useApiMutation('assessment.saveResponse');
  const [serverError, setServerError] = useState<ApiError>();
  const form = useForm<Values>({ defaultValues: initial(r, props.response) });
  const { control, handleSubmit, watch, formState, reset, setError } = form;
  const result = watch('result');
  const fields = watch('fields');
  const claimed = result === 'met' || result === 'partially-met';

  // A change saved elsewhere (another window, an accepted finding) shows here unless this form has edits.
  const updatedAt = props.response?.updatedAt;
  useEffect(() => {
    if (!formState.isDirty) reset(initial(r, props.response));
  }, [updatedAt]);

  let savedOk = false;
  const submit = (andNext: boolean) =>
    handleSubmit(async (v) => {
      savedOk = false;
      setServerError(undefined);
      const input = {
        assessmentId: props.assessmentId,
        requirementId: r.id,
        result: v.result,
        naJustification: v.result === 'not-applicable' ? v.naJustification : undefined,
        notes: v.notes || undefined,
        owner: v.owner || undefined,
        document: r.documentReference ? v.document : undefined,
        fields: r.fields.length ? v.fields : undefined,
        reconfirm: v.reconfirm,
      };
      // The contract's own schema, so the message here is the one the backend would give.
      const check = ResponseInput.safeParse(input);
      if (!check.success) {
        for (const i of check.error.issues) setError(i.path.join('.') as never, { type: 'validate', message: i.message });
        return;
      }
      try {
        const saved = await save.mutateAsync(input);
        reset(initial(r, saved.response));
        savedOk = true;
        if (andNext) {
          leaveWithoutAsking();
          props.onSavedNext?.();
        } else notify(`${r.id} saved`);
      } catch (err) {
        if (err instanceof ApiError) {
          setServerError(err);
          for (const i of err.issues) setError(i.path as never, { type: 'server', message: i.message });
        }
      }
    });

  useUnsavedChanges(formState.isDirty, `Your answer to ${r.id}`, async () => {
    await submit(false)();
    return savedOk;
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 's') {
        e.preventDefault();
        if (!props.locked) void submit(false)();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const err = (path: string) => {
    let cur: unknown = formState.errors;
    for (const p of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[p];
    const m = (cur as { message?: string } | undefined)?.message;
    return m ? { validationMessage: m, validationState: 'error' as const } : {};
  };

  return (
    <form className={s.form} onSubmit={submit(false)} aria-label={`Response to ${r.id}`} noValidate>
      {serverError && (
        <MessageBar intent="error">
          <MessageBarBody>{serverError.message}</MessageBarBody>
        </MessageBar>
      )}
      <Controller
        control={control}
        name="result"
        render={({ field }) => (
          <Field label="Result">
            <RadioGroup
              layout="horizontal"
              value={field.value}
              onChange={(_, d) => field.onChange(d.value)}
              disabled={props.locked}
              className={s.results}
            >
              {(Object.keys(RESULT_LABELS) as Result[]).map((k) => (
                <Radio key={k} value={k} label={RESULT_LABELS[k]} />
              ))}
            </RadioGroup>
          </Field>
        )}
      />
      {result === 'not-applicable' && (
        <Field label="Why does this not apply?" required {...err('naJustification')}>
          <FormTextarea control={control} name="naJustification" rows={2} resize="vertical" />
        </Field>
      )}

      {r.documentReference && (
        <div className={s.block}>
          <div>
            <Subtitle2 as="h3">Document</Subtitle2>
            <Caption1 block className={s.hint}>
              The NHS template asks for the document’s name, version, date and approval. Reviewers reject submissions without them.
            </Caption1>
          </div>
          <div className={s.grid}>
            {DOCUMENT_FIELDS.map(([k]) => (
              <Field
                key={k}
                label={DOC_LABELS[k]}
                required={claimed}
                {...err(`document.${k}`)}
                style={k === 'title' ? { gridColumn: '1 / -1' } : undefined}
              >
                <FormInput control={control} name={`document.${k}`} type={k === 'date' || k === 'approvalDate' ? 'date' : 'text'} />
              </Field>
            ))}
          </div>
        </div>
      )}

      {r.fields.length > 0 && (
        <div className={s.block}>
          <Subtitle2 as="h3">Details</Subtitle2>
          <div className={s.grid}>
            {r.fields.map((f) => {
              const required = claimed && fieldIsRequired(f, fields);
              const problem = fieldDateProblem(f, fields[f.key], props.plannedSubmissionDate);
              const wide = f.type === 'longtext';
              const common = { label: f.label, hint: f.hint, required, style: wide ? { gridColumn: '1 / -1' } : undefined };
              const shown = err(`fields.${f.key}`).validationMessage
                ? err(`fields.${f.key}`)
                : problem
                  ? { validationMessage: problem, validationState: 'warning' as const }
                  : {};
              return (
                <Controller
                  key={f.key}
                  control={control}
                  name={`fields.${f.key}`}
                  render={({ field }) => (
                    <Field {...common} {...shown}>
                      {f.type === 'yes-no' ? (
                        <RadioGroup
                          layout="horizontal"
                          value={field.value}
                          onChange={(_, d) => field.onChange(d.value)}
                          disabled={props.locked}
                        >
                          <Radio value="yes" label="Yes" />
                          <Radio value="no" label="No" />
                        </RadioGroup>
                      ) : f.type === 'choice' ? (
                        <Dropdown
                          value={field.value}
                          selectedOptions={field.value ? [field.value] : []}
                          onOptionSelect={(_, d) => field.onChange(d.optionValue ?? '')}
                          disabled={props.locked}
                          placeholder="Choose…"
                        >
                          {f.options!.map((o) => (
                            <Option key={o} value={o}>
                              {o}
                            </Option>
                          ))}
                        </Dropdown>
                      ) : f.type === 'longtext' ? (
                        <Textarea
                          value={field.value}
                          onChange={(_, d) => field.onChange(d.value)}
                          disabled={props.locked}
                          rows={3}
                          resize="vertical"
                        />
                      ) : (
                        <Input
                          type={f.type === 'date' ? 'date' : 'text'}
                          value={field.value}
                          onChange={(_, d) => field.onChange(d.value)}
                          disabled={props.locked}
                        />
                      )}
                    </Field>
                  )}
                />
              );
            })}
          </div>
        </div>
      )}

      <div className={s.grid}>
        <Field label="Owner" hint="Who is responsible for this item">
          <OwnerCombobox control={control} name="owner" />
        </Field>
      </div>
      <Field label="Notes">
        <FormTextarea control={control} name="notes" rows={3} resize="vertical" />
      </Field>
      <Controller
        control={control}
        name="reconfirm"
        render={({ field }) => (
          <Checkbox
            checked={field.value}
            onChange={(_, d) => field.onChange(Boolean(d.checked))}
            disabled={props.locked}
            label="Carry this answer into next year’s renewal, to be re-confirmed"
          />
        )}
      />
      {!props.locked && (
        <div className={s.actions}>
          <Button
            appearance="primary"
            type="submit"
            icon={save.isPending ? <Spinner size="tiny" /> : <Save16Regular />}
            disabledFocusable={!formState.isDirty || save.isPending}
          >
            Save
          </Button>
          <Button icon={<ArrowDown16Regular />} onClick={submit(true)} disabled={save.isPending}>
            {formState.isDirty ? 'Save and next' : 'Next'}
          </Button>
          <Button appearance="subtle" onClick={() => reset()} disabled={!formState.isDirty}>
            Discard
          </Button>
          {props.response && (
            <Caption1 className={s.saved}>
              Last saved by {props.response.updatedBy} ·{' '}
              {new Date(props.response.updatedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}
            </Caption1>
          )}
        </div>
      )}
    </form>
  );
}
