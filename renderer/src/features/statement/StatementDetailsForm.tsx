import { createContext, useContext, useEffect, useState } from 'react';
import { fieldErrors } from '../../components/field-errors';
import { FormInput, FormTextarea } from '../../components/FormInput';
import { Controller, useForm, type Control, type FieldPath, type Resolver } from 'react-hook-form';
import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Save20Regular } from '@fluentui/react-icons';
import type { InputProps, TextareaProps } from '@fluentui/react-components';
import type { StatementState } from '../../../../shared/contract/statement';
import type { Route } from '../../../../shared/contract/clients';
import { ApiError, useApiMutation } from '../../api/client';
import { TagInput } from '../../components/TagInput';
import { useNotify } from '../../components/notify';
import { formFromDetails, issueForField, validateStatementForm, type StatementFormValues } from './statement-form-model';
import { useUnsavedChanges } from '../../app/unsaved';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    gap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalM,
  },
  grid3: {
    display: 'grid',
    gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    gap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalM,
  },
  wide: { gridColumn: '1 / -1' },
  group: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    paddingTop: tokens.spacingVerticalL,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  groupHead: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0, display: 'contents' },
  footer: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', justifyContent: 'flex-end' },
});

// The one binding of Fluent's Input and Textarea to the form (components/FormInput.tsx), disabled when locked.
type TextPath = FieldPath<StatementFormValues>;
// A signed assessment's details are shown read-only: every control is disabled, and looks it.
const Locked = createContext(false);
function TextInput(props: { control: Control<StatementFormValues>; name: TextPath } & Omit<InputProps, 'name' | 'value' | 'onChange'>) {
  const locked = useContext(Locked);
  return <FormInput {...props} disabled={props.disabled || locked} />;
}
function TextArea(props: { control: Control<StatementFormValues>; name: TextPath } & Omit<TextareaProps, 'name' | 'value' | 'onChange'>) {
  const locked = useContext(Locked);
  return <FormTextarea {...props} disabled={props.disabled || locked} />;
}

// The statement details the NHS template asks for that live nowhere else in the workspace. Validation is the
// contract's StatementDetails schema; statement.state's issues appear next to the fields they name.
export function StatementDetailsForm(props: { assessmentId: string; route: Route; state: StatementState; locked: boolean }) {
  const s = useStyles();
  const notify = useNotify();
  const save = useApiMutation('statement.saveDetails');
  const [serverError, setServerError] = useState<string>();
  const resolver: Resolver<StatementFormValues> = async (values, _ctx, options) => {
    const r = validateStatementForm(values, props.route);
    const errors = r.ok ? undefined : fieldErrors<StatementFormValues>(r.issues, options.names as string[] | undefined);
    return errors ? { values: {}, errors } : { values, errors: {} };
  };

  const form = useForm<StatementFormValues>({
    defaultValues: formFromDetails(props.state.details ?? props.state.suggested),
    resolver,
    mode: 'onTouched',
  });
  const { control, handleSubmit, formState, reset } = form;

  // A save elsewhere (or the first save) replaces the form's baseline, unless the user is mid-edit.
  useEffect(() => {
    if (!formState.isDirty) reset(formFromDetails(props.state.details ?? props.state.suggested));
  }, [props.state.details]);

  let savedOk = false;
  const onSubmit = handleSubmit(async (values) => {
    setServerError(undefined);
    const r = validateStatementForm(values, props.route);
    if (!r.ok) return;
    try {
      const next = await save.mutateAsync({ assessmentId: props.assessmentId, details: r.value });
      reset(formFromDetails(next.details ?? next.suggested));
      savedOk = true;
      notify('Statement details saved');
    } catch (err) {
      if (err instanceof ApiError) {
        for (const i of err.issues) form.setError(i.path.replace(/^details\./, '') as never, { type: 'server', message: i.message });
      }
      setServerError(err instanceof Error ? err.message : 'Not saved.');
    }
  });

  useUnsavedChanges(formState.isDirty, 'The statement details', async () => {
    await onSubmit();
    return savedOk;
  });

  const message = (path: string): { validationMessage?: string; validationState: 'error' | 'warning' | 'none' } => {
    let cur: unknown = formState.errors;
    for (const p of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[p];
    const own = (cur as { message?: string } | undefined)?.message;
    if (own) return { validationMessage: own, validationState: 'error' };
    const fromState = formState.isDirty ? undefined : issueForField(props.state.issues, path);
    return fromState ? { validationMessage: fromState, validationState: 'warning' } : { validationState: 'none' };
  };

  const disabled = props.locked;
  return (
    <form className={s.form} onSubmit={onSubmit} noValidate aria-label="Statement details">
      {serverError && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not saved</MessageBarTitle>
            {serverError}
          </MessageBarBody>
        </MessageBar>
      )}
      {!props.state.details && !disabled && (
        <MessageBar intent="info">
          <MessageBarBody>Nothing saved yet: these are suggestions from the client record. Check them and save.</MessageBarBody>
        </MessageBar>
      )}
      <Locked.Provider value={disabled}>
        <fieldset className={s.fieldset} disabled={disabled}>
          <div className={s.grid}>
            <Field
              label="Email service provider"
              required
              hint={props.route === 'self-managed' ? 'The ICT service provider that runs the mail service' : undefined}
              {...message('emailServiceProvider')}
            >
              <TextInput control={control} name="emailServiceProvider" />
            </Field>
            <Caption1 className={s.wide}>
              DSPT status and date, data location, ISO 27001 and the penetration test are answered once, in the checklist (ELIG-03, TECH-08,
              ICT-01, ICT-02); the statement prints them from there.
            </Caption1>
            <Field label="Notes on data location" className={s.wide} {...message('dataLocation.notes')}>
              <TextInput
                control={control}
                name="dataLocation.notes"
                placeholder="e.g. Microsoft 365 data location: United Kingdom (admin centre)"
              />
            </Field>
          </div>

          <div className={s.group}>
            <div className={s.groupHead}>
              <Subtitle2 as="h3">Prepared by</Subtitle2>
              <Caption1 className={s.muted}>Who prepared this statement (printed on the cover; optional).</Caption1>
            </div>
            <div className={s.grid3}>
              <Field label="Name" {...message('preparedBy.name')}>
                <TextInput control={control} name="preparedBy.name" />
              </Field>
              <Field label="Organisation" {...message('preparedBy.organisation')}>
                <TextInput control={control} name="preparedBy.organisation" />
              </Field>
              <Field label="Email" {...message('preparedBy.email')}>
                <TextInput type="email" control={control} name="preparedBy.email" />
              </Field>
            </div>
          </div>

          {props.route === 'self-managed' && (
            <div className={s.group}>
              <div className={s.groupHead}>
                <Subtitle2 as="h3">ICT service provider</Subtitle2>
                <Caption1 className={s.muted}>
                  The self-managed route adds the provider’s statement and its signatory. Its ISO 27001 certificate and the latest
                  penetration test or IT Health Check are answered in the checklist (ICT-01, ICT-02).
                </Caption1>
              </div>
              <div className={s.grid}>
                <Field label="Provider legal name" required {...message('ictProvider.legalName')}>
                  <TextInput control={control} name="ictProvider.legalName" />
                </Field>
                <Field label="Company number" {...message('ictProvider.companyNumber')}>
                  <TextInput control={control} name="ictProvider.companyNumber" />
                </Field>
                <Field label="Service description" required className={s.wide} {...message('ictProvider.serviceDescription')}>
                  <TextArea control={control} name="ictProvider.serviceDescription" rows={2} resize="vertical" />
                </Field>
                <div className={s.wide}>
                  <Controller
                    control={control}
                    name="ictProvider.hostingLocations"
                    render={({ field }) => (
                      <TagInput
                        label="Hosting locations"
                        hint="Data centres or regions. Press Enter after each one."
                        values={field.value}
                        onChange={field.onChange}
                        normalise={(raw) => (raw.trim() ? { ok: true, value: raw.trim() } : { ok: false, error: 'Type a location' })}
                      />
                    )}
                  />
                </div>
              </div>
              <div className={s.grid}>
                <Field label="Clinical safety reference" className={s.wide} {...message('ictProvider.clinicalSafetyReference')}>
                  <TextInput control={control} name="ictProvider.clinicalSafetyReference" />
                </Field>
              </div>
              <Subtitle2 as="h4">Provider signatory</Subtitle2>
              <Caption1 className={s.muted}>
                The self-managed statement is also signed by the ICT service provider: required before sign-off.
              </Caption1>
              <div className={s.grid}>
                <Field label="Name" required {...message('ictProvider.signatory')}>
                  <TextInput control={control} name="ictProvider.signatory.name" />
                </Field>
                <Field label="Role" required {...message('ictProvider.signatory.role')}>
                  <TextInput control={control} name="ictProvider.signatory.role" />
                </Field>
                <Field label="Organisation" required {...message('ictProvider.signatory.organisation')}>
                  <TextInput control={control} name="ictProvider.signatory.organisation" />
                </Field>
                <Field label="Signed on" required {...message('ictProvider.signatory.date')}>
                  <TextInput type="date" control={control} name="ictProvider.signatory.date" />
                </Field>
              </div>
            </div>
          )}
        </fieldset>
      </Locked.Provider>
      {disabled ? (
        <Caption1 className={s.muted}>The assessment is signed and locked, so these details are fixed. Unlock it to change them.</Caption1>
      ) : (
        <div className={s.footer}>
          {formState.isDirty && <Caption1 className={s.muted}>Unsaved changes</Caption1>}
          <Button
            type="submit"
            appearance={formState.isDirty || !props.state.details ? 'primary' : 'secondary'}
            icon={<Save20Regular />}
            disabled={save.isPending || (!formState.isDirty && Boolean(props.state.details))}
          >
            {save.isPending ? 'Saving…' : 'Save details'}
          </Button>
        </div>
      )}
    </form>
  );
}
