import { useState } from 'react';
import { Controller, useForm, type Control, type Resolver } from 'react-hook-form';
import {
  Button,
  Field,
  SpinButton,
  Dropdown,
  Option,
  makeStyles,
  tokens,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
} from '@fluentui/react-components';
import { DnsServer, Settings, type SettingsInput, type Settings as SettingsValue } from '../../../../shared/contract/settings';
import { ApiError, useApiMutation, useApiQuery } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { FormInput } from '../../components/FormInput';
import { Section } from '../../components/Section';
import { TagInput } from '../../components/TagInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { useNotify } from '../../components/notify';
import { CatalogueSection } from './CatalogueSection';
import { BackupSection } from '../workspace/BackupSection';
import { useUnsavedChanges } from '../../app/unsaved';
import { AppRegistrationGuide } from '../tenant/AppRegistrationGuide';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
    // Fields keep their own height: one with a hint beside one without must not stretch the input.
    alignItems: 'start',
    gap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalM,
  },
  dl: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  footer: { display: 'flex', justifyContent: 'flex-end', gap: tokens.spacingHorizontalM },
});

const CLOUDS: Record<SettingsValue['tenant']['cloud'], string> = {
  global: 'Global (login.microsoftonline.com)',
  usgov: 'US Government (login.microsoftonline.us)',
  china: 'China, operated by 21Vianet (login.chinacloudapi.cn)',
};

const resolver: Resolver<SettingsValue> = async (values) => {
  const r = Settings.safeParse(values);
  if (r.success) return { values: r.data, errors: {} };
  const errors: Record<string, unknown> = {};
  for (const i of r.error.issues) {
    let cur = errors;
    i.path.forEach((k, idx) => {
      if (idx === i.path.length - 1) cur[String(k)] ??= { type: 'validate', message: i.message };
      else cur = (cur[String(k)] ??= {}) as Record<string, unknown>;
    });
  }
  return { values: {}, errors: errors as never };
};

export function SettingsPage() {
  const settings = useApiQuery('settings.get', {});
  const info = useApiQuery('app.info', {});
  if (settings.isPending) return <LoadingRows rows={8} label="Loading settings" />;
  if (settings.isError) return <ErrorMessage error={settings.error} onRetry={() => settings.refetch()} />;
  return <SettingsForm initial={settings.data} info={info.data} />;
}

function SettingsForm({
  initial,
  info,
}: {
  initial: SettingsValue;
  info?: {
    version: string;
    dataDir: string;
    transport: string;
    schemaVersion: number;
    secretStorage: { persistent: boolean; description: string };
  };
}) {
  const s = useStyles();
  const notify = useNotify();
  const save = useApiMutation('settings.update');
  const [serverError, setServerError] = useState<ApiError>();
  const { control, handleSubmit, formState, reset } = useForm<SettingsValue>({
    defaultValues: initial,
    resolver,
    mode: 'onTouched',
  });

  const msg = (path: string) => {
    let cur: unknown = formState.errors;
    for (const p of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[p];
    const m = (cur as { message?: string } | undefined)?.message;
    return { validationMessage: m, validationState: m ? ('error' as const) : ('none' as const) };
  };

  let savedOk = false;
  const onSubmit = handleSubmit(async (values) => {
    setServerError(undefined);
    try {
      const saved = await save.mutateAsync(values as SettingsInput);
      reset(saved);
      savedOk = true;
      notify('Settings saved');
    } catch (err) {
      if (err instanceof ApiError) setServerError(err);
    }
  });

  useUnsavedChanges(formState.isDirty, 'Settings', async () => {
    await onSubmit();
    return savedOk;
  });

  return (
    <form className={s.form} onSubmit={onSubmit} noValidate aria-label="Settings">
      <PageHeader title="Settings" subtitle="These apply to this workspace on this computer." />
      {serverError && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Not saved</MessageBarTitle>
            {serverError.message}
          </MessageBarBody>
        </MessageBar>
      )}
      <Section
        title="You"
        description="Recorded with every change in the audit trail, and proposed as the ICT expert on statements you prepare."
      >
        <div className={s.grid}>
          <Field label="Your name" {...msg('displayName')}>
            <FormInput control={control} name={'displayName'} placeholder="Alex Morgan" />
          </Field>
          <Field label="Organisation" {...msg('organisation')}>
            <FormInput control={control} name={'organisation'} placeholder="Your IT support company" />
          </Field>
          <Field label="Email" {...msg('email')}>
            <FormInput control={control} name={'email'} type="email" />
          </Field>
        </div>
      </Section>

      <Section
        title="Mail-domain checks"
        description="Domain checks query these DNS servers directly, never the laptop's own resolver, whose split-horizon answers would give false results."
      >
        <Controller
          control={control}
          name="dns.servers"
          render={({ field }) => (
            <TagInput
              label="DNS servers"
              hint="IP addresses, optionally with a port. Public validating resolvers work best, e.g. 1.1.1.1 or 9.9.9.9."
              values={field.value}
              onChange={field.onChange}
              error={msg('dns.servers').validationMessage}
              normalise={(raw) => {
                const r = DnsServer.safeParse(raw);
                return r.success ? { ok: true, value: r.data } : { ok: false, error: r.error.issues[0]!.message };
              }}
            />
          )}
        />
        <div className={s.grid}>
          <NumberSetting
            control={control}
            name="dns.timeoutMs"
            label="DNS timeout (ms)"
            min={200}
            max={30000}
            step={250}
            validation={msg('dns.timeoutMs')}
          />
          <NumberSetting
            control={control}
            name="smtp.port"
            label="SMTP port"
            hint="25 for real mail servers; other ports only for lab setups"
            min={1}
            max={65535}
            validation={msg('smtp.port')}
          />
          <NumberSetting
            control={control}
            name="smtp.bannerTimeoutSeconds"
            label="Wait for SMTP greeting (seconds)"
            hint="Some servers delay their greeting on purpose"
            min={5}
            max={120}
            validation={msg('smtp.bannerTimeoutSeconds')}
          />
        </div>
      </Section>

      <Section
        title="Microsoft 365 sign-in"
        description="Used by the tenant probe. Enter the application (client) ID of your firm’s own app registration; until it is set, sign-in and the admin consent link are unavailable."
      >
        {!initial.tenant.clientId && <AppRegistrationGuide where="settings" cloud={initial.tenant.cloud} />}
        <div className={s.grid}>
          <Field
            label="Application (client) ID"
            hint="Your firm’s app registration (or a customer’s own, if they require one)"
            {...msg('tenant.clientId')}
          >
            <FormInput control={control} name={'tenant.clientId'} placeholder="00000000-0000-0000-0000-000000000000" className={s.mono} />
          </Field>
          <Controller
            control={control}
            name="tenant.cloud"
            render={({ field }) => (
              <Field label="Cloud">
                <Dropdown
                  value={CLOUDS[field.value]}
                  selectedOptions={[field.value]}
                  onOptionSelect={(_, d) => field.onChange(d.optionValue)}
                >
                  {Object.entries(CLOUDS).map(([k, label]) => (
                    <Option key={k} value={k}>
                      {label}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            )}
          />
        </div>
      </Section>

      <Section title="Evidence">
        <div className={s.grid}>
          <NumberSetting
            control={control}
            name="evidence.maxFileMegabytes"
            label="Largest evidence file (MB)"
            min={1}
            max={4096}
            validation={msg('evidence.maxFileMegabytes')}
          />
        </div>
      </Section>

      <Section title="Readiness">
        <div className={s.grid}>
          <NumberSetting
            control={control}
            name="readiness.probeMaxAgeDays"
            label="Probe results count for (days)"
            hint="A mail-domain check or tenant probe older than this, on the day the statement is signed, no longer counts and must be run again."
            min={1}
            max={365}
            validation={msg('readiness.probeMaxAgeDays')}
          />
        </div>
      </Section>

      <CatalogueSection />

      <BackupSection />

      {info && (
        <Section title="About this workspace">
          <dl className={s.dl}>
            <dt className={s.dt}>Version</dt>
            <dd className={s.dd}>{info.version}</dd>
            <dt className={s.dt}>Data folder</dt>
            <dd className={`${s.dd} ${s.mono}`}>{info.dataDir}</dd>
            <dt className={s.dt}>Database schema</dt>
            <dd className={s.dd}>{info.schemaVersion}</dd>
            <dt className={s.dt}>Sign-in storage</dt>
            <dd className={s.dd}>{info.secretStorage.description}</dd>
          </dl>
        </Section>
      )}

      <div className={s.footer}>
        <Button disabled={!formState.isDirty || save.isPending} onClick={() => reset(initial)}>
          Discard changes
        </Button>
        <Button
          appearance="primary"
          type="submit"
          disabled={!formState.isDirty || save.isPending}
          icon={save.isPending ? <Spinner size="tiny" /> : undefined}
        >
          Save settings
        </Button>
      </div>
    </form>
  );
}

type NumberSettingName =
  'dns.timeoutMs' | 'smtp.port' | 'smtp.bannerTimeoutSeconds' | 'evidence.maxFileMegabytes' | 'readiness.probeMaxAgeDays';

// One numeric setting: a spin button bound to the form, with its label, hint and validation message.
function NumberSetting(p: {
  control: Control<SettingsValue>;
  name: NumberSettingName;
  label: string;
  hint?: string;
  min: number;
  max: number;
  step?: number;
  validation: { validationMessage?: string; validationState: 'error' | 'none' };
}) {
  return (
    <Controller
      control={p.control}
      name={p.name}
      render={({ field }) => (
        <Field label={p.label} hint={p.hint} {...p.validation}>
          <SpinButton
            value={field.value}
            min={p.min}
            max={p.max}
            step={p.step}
            onChange={(_, d) => field.onChange(d.value ?? Number(d.displayValue))}
          />
        </Field>
      )}
    />
  );
}
