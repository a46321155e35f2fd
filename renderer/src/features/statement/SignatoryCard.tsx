import { Suspense, lazy, useEffect, useId, useState } from 'react';
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Checkbox,
  Field,
  Input,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircle16Filled, Signature20Regular, LockClosed16Regular, Edit16Regular } from '@fluentui/react-icons';
import { SignoffInput, type Signoff } from '../../../../shared/contract/assessments';
import { SIGNOFF_ROLES, type SignoffRole } from '../../../../shared/domain/readiness';
import { ApiError, useApiMutation, useApiQuery } from '../../api/client';
import { useNotify } from '../../components/notify';
import { formatDateTime } from '../../format';
import { SIGNATURE_FONT, loadSignatureFont } from './signature-font';

// signature_pad loads only when someone chooses to draw a signature.
const SignaturePad = lazy(async () => ({ default: (await import('./SignaturePad')).SignaturePad }));

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    minWidth: 0,
  },
  signed: { border: `1px solid ${tokens.colorPaletteGreenBorder1}` },
  head: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalS },
  grid: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalS },
  typed: {
    fontFamily: SIGNATURE_FONT,
    fontSize: '34px',
    lineHeight: '1.2',
    color: '#1b2a4a',
    minHeight: '48px',
    paddingInline: tokens.spacingHorizontalS,
    borderBottom: `1px dashed ${tokens.colorNeutralStroke1}`,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    textOverflow: 'ellipsis',
  },
  sigBox: {
    display: 'flex',
    alignItems: 'center',
    minHeight: '84px',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
  sigImage: { maxHeight: '90px', maxWidth: '100%', objectFit: 'contain' },
  dl: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  confirm: { alignItems: 'flex-start' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  ok: { color: tokens.colorPaletteGreenForeground1 },
});

const STATEMENT_CONFIRMATION =
  'the responses and document details in this statement are accurate and complete, that the evidence listed was reviewed, and that the email service is operated as described.';

// "ICT expert" stays capitalised mid-sentence; "Clinical safety expert" does not.
const lower = (title: string) => (title.startsWith('ICT') ? title : title.toLowerCase());

interface Draft {
  name: string;
  roleTitle: string;
  organisation: string;
  email: string;
}

// One signatory: the form until they sign, then who signed, when, and their signature (read-only once the
// assessment is locked). Validation is the contract's SignoffInput schema.
export function SignatoryCard(props: {
  assessmentId: string;
  role: SignoffRole;
  signoff?: Signoff;
  locked: boolean;
  // Why signing is not possible yet (other blockers), if it is not.
  blockedReason?: string;
  defaults: Partial<Draft>;
  description: string;
}) {
  const s = useStyles();
  const titleId = useId();
  const title = SIGNOFF_ROLES[props.role];
  const [editing, setEditing] = useState(false);
  useEffect(() => void loadSignatureFont(), []);

  const showSigned = props.signoff && !editing;
  return (
    <section className={mergeClasses(s.card, showSigned && s.signed)} aria-labelledby={titleId}>
      <div className={s.head}>
        <Subtitle2 as="h3" id={titleId}>
          {title}
        </Subtitle2>
        {props.signoff ? (
          <Badge color="success" appearance="tint" shape="rounded" icon={<CheckmarkCircle16Filled />}>
            Signed
          </Badge>
        ) : (
          <Badge color="informative" appearance="outline" shape="rounded">
            Not signed
          </Badge>
        )}
      </div>
      {showSigned ? (
        <SignedView assessmentId={props.assessmentId} signoff={props.signoff!} locked={props.locked} onReplace={() => setEditing(true)} />
      ) : (
        <SignForm
          {...props}
          title={title}
          initial={props.signoff ?? props.defaults}
          onCancel={props.signoff ? () => setEditing(false) : undefined}
          onSigned={() => setEditing(false)}
        />
      )}
    </section>
  );
}

function SignedView(props: { assessmentId: string; signoff: Signoff; locked: boolean; onReplace: () => void }) {
  const s = useStyles();
  const so = props.signoff;
  const image = useApiQuery(
    'assessment.signatureImage',
    { assessmentId: props.assessmentId, role: so.role },
    { enabled: so.method === 'drawn', staleTime: Infinity },
  );
  return (
    <>
      <div className={s.sigBox}>
        {so.method === 'typed' ? (
          <span className={s.typed} role="img" aria-label={`Typed signature: ${so.typedSignature ?? so.name}`}>
            {so.typedSignature ?? so.name}
          </span>
        ) : image.isPending ? (
          <Spinner size="tiny" label="Loading the signature" />
        ) : image.data?.pngBase64 ? (
          <img className={s.sigImage} src={`data:image/png;base64,${image.data.pngBase64}`} alt={`Signature of ${so.name}`} />
        ) : (
          <Caption1 className={s.muted}>The drawn signature image is not available.</Caption1>
        )}
      </div>
      <dl className={s.dl}>
        <dt className={s.dt}>Name</dt>
        <dd className={s.dd}>
          <Text weight="semibold">{so.name}</Text>
        </dd>
        <dt className={s.dt}>Role</dt>
        <dd className={s.dd}>{so.roleTitle}</dd>
        <dt className={s.dt}>Organisation</dt>
        <dd className={s.dd}>{so.organisation}</dd>
        <dt className={s.dt}>Email</dt>
        <dd className={s.dd}>{so.email}</dd>
        <dt className={s.dt}>Signed</dt>
        <dd className={s.dd}>
          {formatDateTime(so.signedAt)} · {so.method === 'typed' ? 'typed signature' : 'drawn signature'}
        </dd>
      </dl>
      {props.locked ? (
        <Caption1 className={s.muted}>
          <LockClosed16Regular style={{ verticalAlign: 'text-bottom' }} /> Locked with the assessment. Unlocking clears both sign-offs.
        </Caption1>
      ) : (
        <div className={s.actions}>
          <Button size="small" icon={<Edit16Regular />} onClick={props.onReplace}>
            Sign again
          </Button>
        </div>
      )}
    </>
  );
}

function SignForm(props: {
  assessmentId: string;
  role: SignoffRole;
  title: string;
  description: string;
  locked: boolean;
  blockedReason?: string;
  initial: Partial<Draft>;
  onCancel?: () => void;
  onSigned: () => void;
}) {
  const s = useStyles();
  const notify = useNotify();
  const sign = useApiMutation('assessment.signoff');
  const [draft, setDraft] = useState<Draft>({
    name: props.initial.name ?? '',
    roleTitle: props.initial.roleTitle ?? '',
    organisation: props.initial.organisation ?? '',
    email: props.initial.email ?? '',
  });
  const [method, setMethod] = useState<'drawn' | 'typed'>('drawn');
  const [typed, setTyped] = useState('');
  const [drawn, setDrawn] = useState<string>();
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string>();

  const set = (k: keyof Draft) => (_: unknown, d: { value: string }) => {
    setDraft((x) => ({ ...x, [k]: d.value }));
    setErrors(({ [k]: _gone, ...rest }) => rest);
  };

  const submit = async () => {
    setServerError(undefined);
    const input = {
      assessmentId: props.assessmentId,
      role: props.role,
      ...draft,
      signature:
        method === 'typed' ? { method: 'typed' as const, text: typed || draft.name } : { method: 'drawn' as const, pngBase64: drawn ?? '' },
      confirm: confirmed,
    };
    const parsed = SignoffInput.safeParse(input);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const i of parsed.error.issues) {
        const key = i.path[0] === 'signature' ? 'signature' : String(i.path[0]);
        next[key] ??= key === 'signature' && method === 'drawn' ? 'Draw the signature in the box, or type it instead' : i.message;
      }
      return setErrors(next);
    }
    try {
      const a = await sign.mutateAsync(parsed.data as typeof input & { confirm: true });
      notify(`${props.title} sign-off recorded`, {
        body: a.status === 'signed' ? 'Both sign-offs are in: the assessment is now locked.' : `Signed by ${draft.name}.`,
      });
      props.onSigned();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length)
        setErrors(Object.fromEntries(err.issues.map((i) => [i.path.split('.')[0]!, i.message])));
      setServerError(err instanceof Error ? err.message : 'The sign-off was not recorded.');
    }
  };

  const disabled = props.locked || Boolean(props.blockedReason);
  return (
    <>
      <Caption1 className={s.muted}>{props.description}</Caption1>
      <div className={s.grid}>
        <Field label="Name" required validationMessage={errors.name}>
          <Input value={draft.name} onChange={set('name')} disabled={disabled} autoComplete="name" />
        </Field>
        <Field
          label="Role"
          required
          validationMessage={errors.roleTitle}
          hint={props.role === 'ict-expert' ? 'e.g. IT consultant' : 'e.g. Clinical safety officer'}
        >
          <Input value={draft.roleTitle} onChange={set('roleTitle')} disabled={disabled} />
        </Field>
        <Field label="Organisation" required validationMessage={errors.organisation}>
          <Input value={draft.organisation} onChange={set('organisation')} disabled={disabled} autoComplete="organization" />
        </Field>
        <Field label="Email" required validationMessage={errors.email}>
          <Input type="email" value={draft.email} onChange={set('email')} disabled={disabled} autoComplete="email" />
        </Field>
      </div>
      <Field label="Signature" required validationMessage={errors.signature}>
        <TabList
          size="small"
          selectedValue={method}
          onTabSelect={(_, d) => {
            setMethod(d.value as 'drawn' | 'typed');
            setErrors(({ signature: _gone, ...rest }) => rest);
          }}
          disabled={disabled}
          aria-label={`How the ${lower(props.title)} signs`}
        >
          <Tab value="drawn">Draw</Tab>
          <Tab value="typed">Type instead</Tab>
        </TabList>
      </Field>
      {method === 'drawn' ? (
        disabled ? (
          <div className={s.sigBox} aria-hidden />
        ) : (
          <Suspense fallback={<div className={s.sigBox} aria-busy="true" aria-label="Loading the signature pad" />}>
            <SignaturePad
              label={`Signature pad for the ${lower(props.title)}`}
              invalid={Boolean(errors.signature)}
              onChange={(png) => {
                setDrawn(png);
                if (png) setErrors(({ signature: _gone, ...rest }) => rest);
              }}
            />
          </Suspense>
        )
      ) : (
        <>
          <Field label="Typed signature" hint="Shown in a script face on the statement">
            <Input value={typed} placeholder={draft.name || 'Your full name'} onChange={(_, d) => setTyped(d.value)} disabled={disabled} />
          </Field>
          <div className={s.typed} aria-hidden>
            {typed || draft.name || '\u00a0'}
          </div>
        </>
      )}
      <Field validationMessage={errors.confirm}>
        <Checkbox
          className={s.confirm}
          checked={confirmed}
          disabled={disabled}
          onChange={(_, d) => {
            setConfirmed(Boolean(d.checked));
            setErrors(({ confirm: _gone, ...rest }) => rest);
          }}
          label={`I confirm, as the ${lower(props.title)}, that to the best of my knowledge ${STATEMENT_CONFIRMATION}`}
        />
      </Field>
      {serverError && (
        <Body1 role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {serverError}
        </Body1>
      )}
      {props.blockedReason && !props.locked && <Caption1 className={s.muted}>{props.blockedReason}</Caption1>}
      <div className={s.actions}>
        <Button appearance="primary" icon={<Signature20Regular />} onClick={() => void submit()} disabled={disabled || sign.isPending}>
          {sign.isPending ? 'Signing…' : `Sign as ${lower(props.title)}`}
        </Button>
        {props.onCancel && <Button onClick={props.onCancel}>Cancel</Button>}
      </div>
    </>
  );
}
