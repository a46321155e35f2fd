import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import {
  Badge,
  Button,
  Caption1,
  Divider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useFactStyles } from '../../components/facts';
import { ArrowDownload20Regular, ArrowUpload20Regular, Eye16Regular, LockClosed16Regular } from '@fluentui/react-icons';
import type { EvidenceDetail, EvidenceVersion } from '../../../../shared/contract/evidence';
import { SNIFFED_TYPE_LABELS, SOURCE_LABELS } from '../../../../shared/contract/evidence';
import { ApiError, errorMessage, invoke, saveDownload, useApiMutation, useApiQuery } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LoadingRows } from '../../components/Loading';
import { useNotify } from '../../components/notify';
import { formatDateTime } from '../../format';
import { AddEvidenceDialog } from './AddEvidenceDialog';
import { EvidenceMetadataFields } from './EvidenceMetadataFields';
import { EvidencePreview } from './EvidencePreview';
import { EvidenceLinks } from './EvidenceLinks';
import { FileTypeIcon, FreshnessBadge, MismatchBadge } from './EvidenceBadges';
import { evidenceResolver, formFromEvidence, metadataInput, type EvidenceFormValues } from './evidence-form-model';
import { kindLabel, versionFacts } from './evidence-format';
import { formatBytes } from '../../../../shared/domain/bytes';
import { SideDrawer } from '../../components/SideDrawer';

const useStyles = makeStyles({
  drawer: { width: 'min(1000px, 100vw)' },
  columns: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 320px', gap: tokens.spacingHorizontalXXL, alignItems: 'start' },
  main: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  side: { position: 'sticky', top: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  badges: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  versions: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  version: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  versionMeta: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  footer: { display: 'flex', justifyContent: 'flex-end', gap: tokens.spacingHorizontalS },
});

const INTEGRITY_TEXT: Record<EvidenceVersion['integrity'], string> = {
  ok: 'Intact',
  unchecked: 'Not checked yet',
  missing: 'Missing from the evidence folder',
  altered: 'Changed on disk since it was added',
};

async function downloadEvidence(id: string, versionId?: string) {
  const ref = await invoke('evidence.download', { id, versionId });
  await saveDownload(ref);
}

// One item: preview, details (editable unless a signed assessment relies on them), the stored file's
// fingerprint and integrity, every version, and where it is used.
export function EvidenceDetailDrawer({ evidenceId, open, onClose }: { evidenceId: string; open: boolean; onClose: () => void }) {
  const s = useStyles();
  const q = useApiQuery('evidence.get', { id: evidenceId }, { enabled: open });
  return (
    <SideDrawer open={open} onClose={onClose} className={s.drawer} label="Evidence details" title={q.data?.title ?? 'Evidence'}>
      {q.isPending && <LoadingRows rows={6} label="Loading evidence" />}
      {q.isError && <ErrorMessage error={q.error} onRetry={() => q.refetch()} />}
      {q.data && <DetailContent e={q.data} />}
    </SideDrawer>
  );
}

function DetailContent({ e }: { e: EvidenceDetail }) {
  const s = useStyles();
  const fact = useFactStyles();
  const notify = useNotify();
  const update = useApiMutation('evidence.update');
  const [previewVersion, setPreviewVersion] = useState<string>();
  const [addingVersion, setAddingVersion] = useState(false);
  const [serverError, setServerError] = useState<string>();
  const form = useForm<EvidenceFormValues>({ defaultValues: formFromEvidence(e), resolver: evidenceResolver('edit'), mode: 'onTouched' });
  const { reset } = form;
  useEffect(() => reset(formFromEvidence(e)), [e, reset]);

  const shown = e.versions.find((v) => v.id === previewVersion) ?? e.current;
  const frozenItem = e.frozenBy.length > 0;
  const frozenVersion = e.current.pinnedBy.length > 0;
  const automatic = e.source === 'dns' || e.source === 'graph-probe';

  const save = form.handleSubmit(async (values) => {
    setServerError(undefined);
    try {
      await update.mutateAsync({ id: e.id, revision: e.revision, ...metadataInput(values) });
      notify('Evidence saved', { body: values.title });
    } catch (err) {
      if (err instanceof ApiError) {
        for (const i of err.issues) if (i.path in values) form.setError(i.path as keyof EvidenceFormValues, { message: i.message });
      }
      setServerError(errorMessage(err));
    }
  });

  const download = async (versionId?: string) => {
    try {
      await downloadEvidence(e.id, versionId);
    } catch (err) {
      notify('Could not download', { body: errorMessage(err), intent: 'error' });
    }
  };

  return (
    <>
      <div className={s.badges}>
        <Badge appearance="outline" shape="rounded">
          {kindLabel(e.kind)}
        </Badge>
        <FreshnessBadge freshness={e.freshness} context="today" />
        <Badge appearance="tint" color="informative" shape="rounded">
          {SOURCE_LABELS[e.source]}
        </Badge>
        {e.current.extensionMismatch && <MismatchBadge originalName={e.current.originalName} type={e.current.sniffedType} />}
        {frozenItem && (
          <Tooltip content={`The signed ${e.frozenBy.join(' and ')} assessment relies on this item.`} relationship="description">
            <Badge appearance="tint" color="subtle" icon={<LockClosed16Regular />} shape="rounded">
              Used by a signed assessment
            </Badge>
          </Tooltip>
        )}
      </div>
      <div className={s.actions}>
        <Button icon={<ArrowDownload20Regular />} onClick={() => download()}>
          Download
        </Button>
        {!automatic && (
          <Button icon={<ArrowUpload20Regular />} onClick={() => setAddingVersion(true)}>
            New version…
          </Button>
        )}
      </div>

      <div className={s.columns}>
        <div className={s.main}>
          <form className={s.section} onSubmit={save} noValidate aria-label="Evidence details">
            <Subtitle2 as="h3">Details</Subtitle2>
            {(frozenItem || frozenVersion) && (
              <MessageBar intent="info" layout="multiline">
                <MessageBarBody>
                  {frozenVersion
                    ? `Version ${e.current.version} is part of the signed ${e.current.pinnedBy.join(' and ')} assessment: its title, kind and dates are fixed. Add a new version to replace it — the signed assessment keeps this one.`
                    : `The signed ${e.frozenBy.join(' and ')} assessment relies on this item: its title and kind are fixed.`}
                </MessageBarBody>
              </MessageBar>
            )}
            {serverError && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Not saved</MessageBarTitle>
                  {serverError}
                </MessageBarBody>
              </MessageBar>
            )}
            <EvidenceMetadataFields form={form} mode="edit" frozenItem={frozenItem} frozenVersion={frozenVersion} />
            <div className={s.footer}>
              <Button type="button" onClick={() => reset(formFromEvidence(e))} disabled={!form.formState.isDirty || update.isPending}>
                Discard changes
              </Button>
              <Button type="submit" appearance="primary" disabled={!form.formState.isDirty || update.isPending}>
                Save details
              </Button>
            </div>
          </form>

          <Divider />
          <section className={s.section} aria-label="Stored file">
            <Subtitle2 as="h3">Stored file</Subtitle2>
            <dl className={fact.dl}>
              <dt className={fact.dt}>Original name</dt>
              <dd className={fact.dd}>{e.current.originalName}</dd>
              <dt className={fact.dt}>Content</dt>
              <dd className={fact.dd}>
                <FileTypeIcon type={e.current.sniffedType} /> {SNIFFED_TYPE_LABELS[e.current.sniffedType]} · {formatBytes(e.current.size)}
              </dd>
              <dt className={fact.dt}>SHA-256</dt>
              <dd className={`${fact.dd} ${s.mono}`}>{e.current.sha256}</dd>
              <dt className={fact.dt}>Integrity</dt>
              <dd className={fact.dd}>
                {INTEGRITY_TEXT[e.current.integrity]}
                {e.current.verifiedAt ? ` · checked ${formatDateTime(e.current.verifiedAt)}` : ''}
              </dd>
              <dt className={fact.dt}>Added</dt>
              <dd className={fact.dd}>
                {formatDateTime(e.current.addedAt)} by {e.current.addedBy}
              </dd>
            </dl>
          </section>

          <Divider />
          <section className={s.section} aria-label="Versions">
            <Subtitle2 as="h3">Versions</Subtitle2>
            <ol className={s.versions} aria-label="Version history">
              {e.versions.map((v) => (
                <li key={v.id} className={s.version}>
                  <div>
                    <Text weight="semibold">
                      {versionFacts(v)}
                      {v.supersededAt ? '' : ' · current'}
                    </Text>
                    <Caption1 block className={s.versionMeta}>
                      {v.originalName} · {formatBytes(v.size)} · added {formatDateTime(v.addedAt)} by {v.addedBy}
                      {v.supersededAt ? ` · superseded ${formatDateTime(v.supersededAt)}` : ''}
                      {v.pinnedBy.length ? ` · signed in ${v.pinnedBy.join(', ')}` : ''}
                      {v.integrity === 'missing' || v.integrity === 'altered' ? ` · ${INTEGRITY_TEXT[v.integrity]}` : ''}
                      {v.note ? ` · “${v.note}”` : ''}
                    </Caption1>
                  </div>
                  <div className={s.actions}>
                    <Button
                      size="small"
                      appearance="subtle"
                      icon={<Eye16Regular />}
                      onClick={() => setPreviewVersion(v.id)}
                      disabled={shown.id === v.id}
                    >
                      Preview
                    </Button>
                    <Button
                      size="small"
                      appearance="subtle"
                      icon={<ArrowDownload20Regular />}
                      onClick={() => download(v.id)}
                      aria-label={`Download version ${v.version}`}
                    >
                      Download
                    </Button>
                  </div>
                </li>
              ))}
            </ol>
          </section>

          <Divider />
          <section className={s.section} aria-label="Supports">
            <Subtitle2 as="h3">Supports</Subtitle2>
            <EvidenceLinks e={e} />
          </section>
        </div>
        <aside className={s.side} aria-label="Preview">
          <Subtitle2 as="h3">Preview{shown.id !== e.current.id ? ` — version ${shown.version}` : ''}</Subtitle2>
          <EvidencePreview evidenceId={e.id} versionId={shown.id} label={e.title} width={280} />
        </aside>
      </div>

      <AddEvidenceDialog open={addingVersion} onClose={() => setAddingVersion(false)} clientId={e.clientId} mode="version" evidence={e} />
    </>
  );
}
