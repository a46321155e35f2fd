import { useMemo, useState } from 'react';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  SearchBox,
  Switch,
  Caption1,
  Text,
  makeStyles,
  tokens,
  MessageBar,
  MessageBarBody,
} from '@fluentui/react-components';
import type { EvidenceKind } from '../../../../shared/domain/evidence-kinds';
import { errorMessage, useApiMutation, useApiQuery } from '../../api/client';
import { LoadingRows } from '../../components/Loading';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useNotify } from '../../components/notify';
import { FileTypeIcon, FreshnessBadge } from './EvidenceBadges';
import { kindLabel, versionFacts } from './evidence-format';

const useStyles = makeStyles({
  surface: { maxWidth: '720px', width: 'calc(100vw - 48px)' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    maxHeight: '380px',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: {
    display: 'grid',
    gridTemplateColumns: 'auto auto 1fr auto',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  empty: { padding: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground3 },
});

// Pick items already in the client's library and attach them to one requirement.
export function AttachEvidenceDialog(props: {
  open: boolean;
  onClose: () => void;
  clientId: string;
  assessmentId: string;
  requirementId: string;
  expectedKinds: EvidenceKind[];
  alreadyLinked: string[];
}) {
  const s = useStyles();
  const notify = useNotify();
  const library = useApiQuery('evidence.list', { clientId: props.clientId }, { enabled: props.open });
  const link = useApiMutation('evidence.link');
  const [search, setSearch] = useState('');
  const [expectedOnly, setExpectedOnly] = useState(props.expectedKinds.length > 0);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string>();

  const items = useMemo(() => {
    const term = search.trim().toLowerCase();
    return (library.data ?? [])
      .filter((e) => !props.alreadyLinked.includes(e.id))
      .filter((e) => !expectedOnly || props.expectedKinds.includes(e.kind))
      .filter((e) => !term || `${e.title} ${e.current.originalName} ${e.owner ?? ''}`.toLowerCase().includes(term));
  }, [library.data, props.alreadyLinked, props.expectedKinds, expectedOnly, search]);

  const close = () => {
    setChosen([]);
    setError(undefined);
    props.onClose();
  };

  const attach = async () => {
    setError(undefined);
    try {
      for (const evidenceId of chosen)
        await link.mutateAsync({ evidenceId, assessmentId: props.assessmentId, requirementId: props.requirementId });
      notify(chosen.length === 1 ? 'Evidence attached' : `${chosen.length} items attached`, { body: props.requirementId });
      close();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Dialog open={props.open} onOpenChange={(_, d) => !d.open && close()}>
      <DialogSurface className={s.surface}>
        <DialogBody>
          <DialogTitle>Attach evidence to {props.requirementId}</DialogTitle>
          <DialogContent className={s.content}>
            <div className={s.filters}>
              <SearchBox
                placeholder="Search the library"
                value={search}
                onChange={(_, d) => setSearch(d.value)}
                aria-label="Search the library"
              />
              {props.expectedKinds.length > 0 && (
                <Switch
                  checked={expectedOnly}
                  onChange={(_, d) => setExpectedOnly(d.checked)}
                  label={`Only ${props.expectedKinds.map(kindLabel).join(', ').toLowerCase()}`}
                />
              )}
            </div>
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
            {library.isPending && <LoadingRows rows={4} label="Loading the library" />}
            {library.isError && <ErrorMessage error={library.error} />}
            {library.data && (
              <ul className={s.list} aria-label="Evidence in the library">
                {items.length === 0 && (
                  <li className={s.empty}>
                    {library.data.length === 0
                      ? 'The library is empty. Upload a file instead.'
                      : expectedOnly
                        ? 'Nothing of the expected kinds. Turn off the filter to see everything.'
                        : 'Nothing else to attach.'}
                  </li>
                )}
                {items.map((e) => (
                  <li key={e.id} className={s.row}>
                    <Checkbox
                      checked={chosen.includes(e.id)}
                      onChange={(_, d) => setChosen((c) => (d.checked ? [...c, e.id] : c.filter((x) => x !== e.id)))}
                      aria-label={`Attach ${e.title}`}
                    />
                    <FileTypeIcon type={e.current.sniffedType} />
                    <div className={s.text}>
                      <Text weight="semibold" truncate wrap={false}>
                        {e.title}
                      </Text>
                      <Caption1 className={s.muted}>
                        {kindLabel(e.kind)} · {versionFacts(e.current)}
                      </Caption1>
                    </div>
                    <FreshnessBadge freshness={e.freshness} context="today" />
                  </li>
                ))}
              </ul>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={close}>Cancel</Button>
            <Button appearance="primary" disabled={chosen.length === 0 || link.isPending} onClick={attach}>
              Attach{chosen.length > 1 ? ` ${chosen.length}` : ''}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
