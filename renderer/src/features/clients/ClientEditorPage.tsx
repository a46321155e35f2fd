import { useMemo, useState } from 'react';
import { useFieldArray, useForm, Controller, type Resolver } from 'react-hook-form';
import { fieldErrors } from '../../components/field-errors';
import {
  Button,
  Field,
  Radio,
  RadioGroup,
  makeStyles,
  tokens,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Caption1,
  Spinner,
} from '@fluentui/react-components';
import { Add16Regular, Delete20Regular } from '@fluentui/react-icons';
import { Link, useLocation } from 'wouter';
import { ROUTE_LABELS, type Route } from '../../../../shared/contract/clients';
import { displayDomain, normaliseEmailDomain } from '../../../../shared/domain/email-domain';
import { isValidCqcLocationId, CQC_FORMAT_HINT } from '../../../../shared/domain/ods-code';
import { ApiError, useApiMutation, useApiQuery } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { Crumbs } from '../../components/Crumbs';
import { FormInput, FormTextarea } from '../../components/FormInput';
import { Section } from '../../components/Section';
import { TagInput } from '../../components/TagInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { useNotify } from '../../components/notify';
import { emptyClientForm, formFromClient, inputFromForm, validateClientForm, type ClientFormValues } from './client-form-model';
import { leaveWithoutAsking, useUnsavedChanges } from '../../app/unsaved';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  grid2: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))',
    gap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalM,
  },
  routes: { display: 'grid', gap: tokens.spacingVerticalXS },
  routeHint: {
    color: tokens.colorNeutralForeground3,
    marginLeft: '32px',
    display: 'block',
    marginTop: '-4px',
    marginBottom: tokens.spacingVerticalS,
  },
  repeatRow: {
    display: 'grid',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  siteRow: { gridTemplateColumns: '2fr 1fr auto' },
  contactRow: { gridTemplateColumns: '1.3fr 1fr 1.4fr 1fr auto' },
  footer: {
    position: 'sticky',
    bottom: 0,
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    justifyContent: 'flex-end',
    padding: `${tokens.spacingVerticalM} 0`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

const ROUTE_HINTS: Record<Route, string> = {
  o365: 'Organisation requirements plus the Office 365 configuration checks; the tenant can be probed.',
  google: 'Organisation requirements plus the Google Workspace template; domain checks apply.',
  'self-managed': 'Organisation and ICT service provider requirements, with a pen test or IT Health Check.',
};

// react-hook-form keeps touched/dirty state; validation is the contract's own zod schema.
// When react-hook-form validates some fields (on blur, or after a list changes) it names them; only
// those may show errors, so adding a site never flags the untouched domain list.
const resolver: Resolver<ClientFormValues> = async (values, _ctx, options) => {
  const errors = fieldErrors<ClientFormValues>(validateClientForm(values), options.names as string[] | undefined);
  return errors ? { values: {}, errors } : { values, errors: {} };
};

export function ClientEditorPage({ clientId }: { clientId?: string }) {
  const existing = useApiQuery('client.get', { id: clientId ?? '' }, { enabled: Boolean(clientId) });
  if (clientId && existing.isPending) return <LoadingRows rows={8} label="Loading client" />;
  if (clientId && existing.isError) return <ErrorMessage error={existing.error} onRetry={() => existing.refetch()} />;
  return (
    <ClientEditor
      key={clientId ?? 'new'}
      clientId={clientId}
      initial={existing.data ? formFromClient(existing.data) : emptyClientForm}
      revision={existing.data?.revision}
      title={existing.data?.legalName}
    />
  );
}

function ClientEditor(props: { clientId?: string; initial: ClientFormValues; revision?: number; title?: string }) {
  const s = useStyles();
  const [, navigate] = useLocation();
  const notify = useNotify();
  const [serverError, setServerError] = useState<ApiError>();
  const form = useForm<ClientFormValues>({ defaultValues: props.initial, resolver, mode: 'onTouched' });
  const { control, handleSubmit, formState, setError } = form;
  const sites = useFieldArray({ control, name: 'sites' });
  const contacts = useFieldArray({ control, name: 'contacts' });
  const create = useApiMutation('client.create');
  const update = useApiMutation('client.update');
  const saving = create.isPending || update.isPending;

  let savedOk = false;
  const onSubmit = handleSubmit(async (values) => {
    setServerError(undefined);
    try {
      const input = inputFromForm(values);
      const saved = props.clientId
        ? await update.mutateAsync({ id: props.clientId, revision: props.revision!, fields: input })
        : await create.mutateAsync(input);
      notify(props.clientId ? 'Changes saved' : 'Client added', { body: saved.legalName });
      savedOk = true;
      leaveWithoutAsking();
      navigate(`/clients/${saved.id}`);
    } catch (err) {
      if (err instanceof ApiError) {
        for (const i of err.issues) setError(i.path as keyof ClientFormValues, { type: 'server', message: i.message });
        setServerError(err);
      } else throw err;
    }
  });

  useUnsavedChanges(formState.isDirty, props.clientId ? 'This client' : 'The new client', async () => {
    await onSubmit();
    return savedOk;
  });

  // Errors show once a field has been left or the form submitted, never while a new row is still empty.
  const err = (path: string): string | undefined => {
    const state = form.getFieldState(path as keyof ClientFormValues, formState);
    if (!state.isTouched && !formState.isSubmitted && state.error?.type !== 'server') return undefined;
    const parts = path.split('.');
    let cur: unknown = formState.errors;
    for (const p of parts) cur = (cur as Record<string, unknown> | undefined)?.[p];
    return (cur as { message?: string } | undefined)?.message;
  };
  const fieldProps = (path: string) => ({
    validationMessage: err(path),
    validationState: err(path) ? ('error' as const) : ('none' as const),
  });

  const cancelHref = props.clientId ? `/clients/${props.clientId}` : '/clients';
  const errorCount = useMemo(() => Object.keys(formState.errors).length, [formState.errors]);

  return (
    <form className={s.form} onSubmit={onSubmit} noValidate aria-label={props.clientId ? 'Edit client' : 'New client'}>
      <PageHeader
        above={
          <Crumbs trail={[{ label: 'Clients', href: '/clients' }, ...(props.clientId ? [{ label: props.title, href: cancelHref }] : [])]} />
        }
        title={props.clientId ? 'Edit client' : 'Add a client'}
        subtitle="The organisation being accredited: who it is, which domains it sends from, and which route it takes."
      />

      {serverError && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not saved</MessageBarTitle>
            {serverError.message}
          </MessageBarBody>
        </MessageBar>
      )}
      {formState.isSubmitted && errorCount > 0 && !serverError && (
        <MessageBar intent="warning">
          <MessageBarBody>Check the highlighted fields below.</MessageBarBody>
        </MessageBar>
      )}

      <Section title="Organisation" description="As registered with the NHS Organisation Data Service (ODS).">
        <div className={s.grid2}>
          <Field label="Legal name" required {...fieldProps('legalName')}>
            <FormInput control={control} name={'legalName'} autoFocus={!props.clientId} />
          </Field>
          <Field label="Trading name" hint="If different from the legal name" {...fieldProps('tradingName')}>
            <FormInput control={control} name={'tradingName'} />
          </Field>
          <Field label="ODS code" required hint="The organisation's code in the NHS ODS, e.g. V12345" {...fieldProps('odsCode')}>
            <FormInput control={control} name={'odsCode'} style={{ textTransform: 'uppercase' }} maxLength={16} />
          </Field>
          <Controller
            control={control}
            name="cqcLocationIds"
            render={({ field }) => (
              <TagInput
                label="CQC location IDs"
                hint="Optional. Press Enter after each one."
                placeholder="1-123456789"
                values={field.value}
                onChange={field.onChange}
                error={err('cqcLocationIds')}
                normalise={(raw) =>
                  isValidCqcLocationId(raw.trim()) ? { ok: true, value: raw.trim() } : { ok: false, error: CQC_FORMAT_HINT }
                }
              />
            )}
          />
        </div>
      </Section>

      <Section title="Email service" description="The domains to accredit and how the mail service is run.">
        <Controller
          control={control}
          name="domains"
          render={({ field }) => (
            <TagInput
              label="Email domains"
              required
              hint="Every domain staff send health and care information from. International names are stored in their ASCII (xn--) form."
              placeholder="carehome.co.uk"
              values={field.value}
              onChange={(v) => {
                field.onChange(v);
                field.onBlur();
              }}
              display={displayDomain}
              error={err('domains') ?? err('domains.0')}
              testId="domain-input"
              normalise={(raw) => {
                const r = normaliseEmailDomain(raw);
                return r.ok ? { ok: true, value: r.domain } : { ok: false, error: r.error };
              }}
            />
          )}
        />
        <Controller
          control={control}
          name="route"
          render={({ field }) => (
            <Field label="Accreditation route" required>
              <RadioGroup value={field.value} onChange={(_, d) => field.onChange(d.value as Route)}>
                {(Object.keys(ROUTE_LABELS) as Route[]).map((r) => (
                  <div key={r}>
                    <Radio value={r} label={ROUTE_LABELS[r]} />
                    <Caption1 className={s.routeHint}>{ROUTE_HINTS[r]}</Caption1>
                  </div>
                ))}
              </RadioGroup>
            </Field>
          )}
        />
        <Field
          label="Microsoft 365 tenant"
          hint="Optional: the tenant ID or its contoso.onmicrosoft.com name, used by the tenant probe"
          {...fieldProps('tenant')}
        >
          <FormInput control={control} name={'tenant'} placeholder="contoso.onmicrosoft.com" />
        </Field>
      </Section>

      <Section
        title="Sites"
        description="Care homes or branches covered by this accreditation, with their own ODS codes if they have them."
        actions={
          <Button icon={<Add16Regular />} onClick={() => sites.append({ name: '', odsCode: '' })}>
            Add site
          </Button>
        }
      >
        {sites.fields.length === 0 && <Caption1 className={s.muted}>No sites added. A single-site provider needs none.</Caption1>}
        {sites.fields.map((f, i) => (
          <div key={f.id} className={`${s.repeatRow} ${s.siteRow}`}>
            <Field label="Site name" required {...fieldProps(`sites.${i}.name`)}>
              <FormInput control={control} name={`sites.${i}.name`} aria-label={`Site ${i + 1} name`} />
            </Field>
            <Field label="Site ODS code" {...fieldProps(`sites.${i}.odsCode`)}>
              <FormInput
                control={control}
                name={`sites.${i}.odsCode`}
                aria-label={`Site ${i + 1} ODS code`}
                style={{ textTransform: 'uppercase' }}
              />
            </Field>
            <Button appearance="subtle" icon={<Delete20Regular />} aria-label={`Remove site ${i + 1}`} onClick={() => sites.remove(i)} />
          </div>
        ))}
      </Section>

      <Section
        title="Contacts"
        description="People at the provider: registered manager, IT lead, clinical safety officer."
        actions={
          <Button icon={<Add16Regular />} onClick={() => contacts.append({ name: '', role: '', email: '', phone: '' })}>
            Add contact
          </Button>
        }
      >
        {contacts.fields.length === 0 && <Caption1 className={s.muted}>No contacts yet.</Caption1>}
        {contacts.fields.map((f, i) => (
          <div key={f.id} className={`${s.repeatRow} ${s.contactRow}`}>
            <Field label="Name" required {...fieldProps(`contacts.${i}.name`)}>
              <FormInput control={control} name={`contacts.${i}.name`} aria-label={`Contact ${i + 1} name`} />
            </Field>
            <Field label="Role" {...fieldProps(`contacts.${i}.role`)}>
              <FormInput
                control={control}
                name={`contacts.${i}.role`}
                aria-label={`Contact ${i + 1} role`}
                placeholder="Registered manager"
              />
            </Field>
            <Field label="Email" {...fieldProps(`contacts.${i}.email`)}>
              <FormInput control={control} name={`contacts.${i}.email`} type="email" aria-label={`Contact ${i + 1} email`} />
            </Field>
            <Field label="Phone" {...fieldProps(`contacts.${i}.phone`)}>
              <FormInput control={control} name={`contacts.${i}.phone`} type="tel" aria-label={`Contact ${i + 1} phone`} />
            </Field>
            <Button
              appearance="subtle"
              icon={<Delete20Regular />}
              aria-label={`Remove contact ${i + 1}`}
              onClick={() => contacts.remove(i)}
            />
          </div>
        ))}
      </Section>

      <Section title="Notes">
        <Field label="Notes" {...fieldProps('notes')}>
          <FormTextarea control={control} name={'notes'} resize="vertical" rows={3} />
        </Field>
      </Section>

      <div className={s.footer}>
        <Link href={cancelHref} asChild>
          <Button disabled={saving}>Cancel</Button>
        </Link>
        <Button appearance="primary" type="submit" disabled={saving} icon={saving ? <Spinner size="tiny" /> : undefined}>
          {props.clientId ? 'Save changes' : 'Add client'}
        </Button>
      </div>
    </form>
  );
}
