import { useState } from 'react';
import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
  Caption1,
  Spinner,
} from '@fluentui/react-components';
import { DocumentArrowUp20Regular } from '@fluentui/react-icons';
import { ApiError, useApiMutation, useApiQuery } from '../../api/client';
import { bridge } from '../../api/bridge';
import { Section } from '../../components/Section';
import { FilePickButton } from '../../components/FilePickButton';
import { useNotify } from '../../components/notify';
import { formatDate } from '../../format';

const useStyles = makeStyles({
  problems: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    paddingLeft: tokens.spacingHorizontalL,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

export function CatalogueSection() {
  const s = useStyles();
  const notify = useNotify();
  const list = useApiQuery('catalogue.list', {});
  // The active catalogue's own changelog entry: what changed when this version was installed.
  const active = useApiQuery('catalogue.get', {});
  const changes = active.data?.changelog.find((e) => e.version === active.data?.version);
  const load = useApiMutation('catalogue.load');
  const activate = useApiMutation('catalogue.activate');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const onFiles = async ([file]: File[]) => {
    setError(undefined);
    setBusy(true);
    try {
      const up = await bridge().uploadFile(file!);
      if (!up.ok) throw new ApiError(up.error);
      const loaded = await load.mutateAsync({ uploadId: up.value.uploadId });
      notify(`Catalogue ${loaded.version} loaded`, { body: 'New assessments will use it; existing ones keep their version.' });
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section
      title="Requirement catalogue"
      description="The DCB1596 requirements as versioned data. When NHS England publishes new template wording, load an updated file: new assessments use it, and each assessment keeps the version it was made against."
      actions={
        <div className={s.actions}>
          {busy && <Spinner size="tiny" label="Checking…" />}
          <FilePickButton accept=".json,application/json" onFiles={onFiles} icon={<DocumentArrowUp20Regular />} disabled={busy}>
            Load catalogue file…
          </FilePickButton>
        </div>
      }
    >
      {error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Catalogue not loaded</MessageBarTitle>
            {error.issues.length > 1
              ? `The file has ${error.issues.length} problems, so the current catalogue stays in use:`
              : error.message}
            {error.issues.length > 1 && (
              <ul className={s.problems}>
                {error.issues.slice(0, 12).map((i, n) => (
                  <li key={n}>{i.message}</li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      {changes && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>What changed in catalogue {changes.version}</MessageBarTitle>
            <ul className={s.problems} aria-label={`Changes in catalogue ${changes.version}`}>
              {changes.changes.map((c, n) => (
                <li key={n}>{c}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {list.data && (
        <Table aria-label="Catalogue versions" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Version</TableHeaderCell>
              <TableHeaderCell>Title</TableHeaderCell>
              <TableHeaderCell>Requirements</TableHeaderCell>
              <TableHeaderCell>Source</TableHeaderCell>
              <TableHeaderCell>Loaded</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.data.map((c) => (
              <TableRow key={c.version}>
                <TableCell className={s.mono}>{c.version}</TableCell>
                <TableCell>{c.title}</TableCell>
                <TableCell>{c.requirementCount}</TableCell>
                <TableCell>{c.source === 'built-in' ? 'Shipped with the app' : 'Loaded from a file'}</TableCell>
                <TableCell>{formatDate(c.loadedAt)}</TableCell>
                <TableCell>
                  {c.active ? (
                    <Badge color="success" appearance="tint">
                      In use
                    </Badge>
                  ) : (
                    <Button size="small" onClick={() => activate.mutate({ version: c.version })} disabled={activate.isPending}>
                      Use for new assessments
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Caption1 className={s.muted}>
        Items marked “Inferred — not mandatory” are our reading of the standard, not NHS wording; they never block submission.
      </Caption1>
    </Section>
  );
}
