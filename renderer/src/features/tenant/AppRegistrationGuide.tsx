import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Caption1,
  Link as FluentLink,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Copy16Regular } from '@fluentui/react-icons';
import { Link } from 'wouter';
import type { Cloud } from '../../../../shared/contract/settings';
import { useApiQuery } from '../../api/client';
import { CodeBlock } from '../../components/CodeBlock';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { useCopy } from '../../components/useCopy';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  steps: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    listStyleType: 'decimal',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, '& li': { overflowWrap: 'anywhere' } },
});

// The one guide to the firm's own Microsoft app registration, shown where sign-in is unavailable for lack of
// it: Settings › Microsoft 365 sign-in and the client's Microsoft 365 tab say the same thing because they are
// this component. Its content comes from the backend (tenant.appRegistrationGuide), built from the constants
// the sign-in itself uses.
export function AppRegistrationGuide(props: { where: 'settings' | 'tenant'; cloud?: Cloud }) {
  const s = useStyles();
  const copy = useCopy();
  const q = useApiQuery('tenant.appRegistrationGuide', { cloud: props.cloud });
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody className={s.root}>
        <MessageBarTitle>Set up your firm’s Microsoft app registration (once)</MessageBarTitle>
        <Text>
          Sign-in and the admin consent link use your firm’s own app registration in Microsoft Entra ID; none ships with the workbench, so
          both stay unavailable until it is set. An Application Administrator of your firm’s tenant does this once; each customer’s admin
          then consents to it in their own tenant.
        </Text>
        {q.isPending && <LoadingRows rows={2} label="Loading the registration guide" />}
        {q.isError && <ErrorMessage error={q.error} onRetry={() => q.refetch()} />}
        {q.data && (
          <ol className={s.steps}>
            <li className={s.step}>
              <Text weight="semibold">Run this script in PowerShell, signed in to your firm’s tenant</Text>
              <CodeBlock maxHeight={180} label="App registration script">
                {q.data.script}
              </CodeBlock>
              <div className={s.row}>
                <Button size="small" icon={<Copy16Regular />} onClick={() => void copy(q.data.script, 'the script')}>
                  Copy the script
                </Button>
                <Caption1 className={s.muted}>It creates “{q.data.displayName}” with exactly the settings below, and no secret.</Caption1>
              </div>
            </li>
            <li className={s.step}>
              <Text weight="semibold">What it registers</Text>
              <Accordion collapsible>
                <AccordionItem value="permissions">
                  <AccordionHeader size="small">
                    {q.data.permissions.length} delegated permissions the probe uses, and why (all read-only in effect)
                  </AccordionHeader>
                  <AccordionPanel>
                    <Table size="small" aria-label="Delegated permissions">
                      <TableHeader>
                        <TableRow>
                          <TableHeaderCell style={{ width: '34%' }}>Permission</TableHeaderCell>
                          <TableHeaderCell>Why the probe needs it</TableHeaderCell>
                        </TableRow>
                      </TableHeader>
                      <TableBody>
                        {q.data.permissions.map((p) => (
                          <TableRow key={p.name}>
                            <TableCell>
                              <span className={s.mono}>{p.name}</span>
                              <Caption1 className={s.muted} block>
                                {p.api}
                              </Caption1>
                            </TableCell>
                            <TableCell>{p.why}</TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </AccordionPanel>
                </AccordionItem>
                <AccordionItem value="redirects">
                  <AccordionHeader size="small">Redirect URIs, public client flows and who can sign in</AccordionHeader>
                  <AccordionPanel>
                    <ul className={s.list}>
                      {q.data.redirectUris.map((r) => (
                        <li key={r.uri}>
                          <span className={s.mono}>{r.uri}</span> — {r.why}
                        </li>
                      ))}
                      <li>{q.data.publicClientFlows}</li>
                      <li>Supported accounts: {q.data.signInAudience}.</li>
                    </ul>
                  </AccordionPanel>
                </AccordionItem>
              </Accordion>
            </li>
            <li className={s.step}>
              <Text weight="semibold">Paste the application (client) ID it prints</Text>
              {props.where === 'settings' ? (
                <Text>Into “Application (client) ID” below, then save. Sign-in and the consent link work from then on.</Text>
              ) : (
                <Text>
                  Into{' '}
                  <Link href="/settings" asChild>
                    <FluentLink inline>Settings › Microsoft 365 sign-in</FluentLink>
                  </Link>
                  , then save. Sign-in and the consent link work from then on.
                </Text>
              )}
            </li>
          </ol>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
