import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Link as FluentLink,
  Option,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Copy16Regular, Mail20Regular } from '@fluentui/react-icons';
import type { BundleSummary } from '../../../../shared/contract/statement';
import { useApiQuery } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useCopy } from '../../components/useCopy';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  mail: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    overflow: 'hidden',
  },
  headers: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr auto',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  label: { color: tokens.colorNeutralForeground3 },
  body: {
    margin: 0,
    padding: tokens.spacingHorizontalL,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    // Plain-text email laid out in columns by the backend: shown as a plain-text mail client would.
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
    maxHeight: '320px',
    overflowY: 'auto',
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  pick: { maxWidth: '320px' },
});

// The email to the NHS secure email team, with the bundle's name and hash. The workbench never sends mail: the
// user copies the text (or opens it in their mail app) and attaches the bundle they downloaded.
export function SubmissionHelper(props: { bundles: BundleSummary[]; bundleId: string; onBundle: (id: string) => void }) {
  const s = useStyles();
  const copy = useCopy();
  const email = useApiQuery('bundle.submissionEmail', { bundleId: props.bundleId });
  const chosen = props.bundles.find((b) => b.id === props.bundleId);
  const e = email.data;
  return (
    <div className={s.root}>
      {props.bundles.length > 1 && (
        <Field label="Bundle to send" className={s.pick}>
          <Dropdown
            value={chosen ? `v${chosen.version} — ${chosen.fileName}` : ''}
            selectedOptions={[props.bundleId]}
            onOptionSelect={(_, d) => d.optionValue && props.onBundle(d.optionValue)}
          >
            {[...props.bundles]
              .sort((a, b) => b.version - a.version)
              .map((b) => (
                <Option key={b.id} value={b.id} text={`v${b.version} — ${b.fileName}`}>
                  v{b.version} — {b.fileName}
                </Option>
              ))}
          </Dropdown>
        </Field>
      )}
      {email.isPending && <Spinner size="small" label="Preparing the email" />}
      {email.isError && <ErrorMessage error={email.error} title="Could not prepare the email" onRetry={() => email.refetch()} />}
      {e && (
        <>
          <div className={s.mail} aria-label="Submission email" role="group">
            <div className={s.headers}>
              <Text className={s.label}>To</Text>
              <Text weight="semibold">{e.to}</Text>
              <Button
                size="small"
                appearance="subtle"
                icon={<Copy16Regular />}
                aria-label="Copy the address"
                onClick={() => void copy(e.to, 'the address')}
              />
              <Text className={s.label}>Subject</Text>
              <Text>{e.subject}</Text>
              <Button
                size="small"
                appearance="subtle"
                icon={<Copy16Regular />}
                aria-label="Copy the subject"
                onClick={() => void copy(e.subject, 'the subject')}
              />
            </div>
            <pre className={s.body} tabIndex={0} aria-label="Email text">
              {e.body}
            </pre>
          </div>
          <div className={s.actions}>
            <Button appearance="primary" icon={<Copy16Regular />} onClick={() => void copy(e.body, 'the email text')}>
              Copy email text
            </Button>
            <FluentLink href={e.mailto}>
              <Mail20Regular style={{ verticalAlign: 'text-bottom', marginRight: 4 }} aria-hidden />
              Open in your email app
            </FluentLink>
          </div>
          <Caption1 className={s.muted}>
            The workbench never sends email itself. Send this from your own mailbox and attach {chosen?.fileName ?? 'the bundle'} (Download,
            above). If the bundle is too large to attach, say how you will share it.
          </Caption1>
        </>
      )}
    </div>
  );
}
