import { useEffect, useId, useRef, useState } from 'react';
import {
  Caption1,
  Dialog,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Input,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import { useLocation } from 'wouter';
import type { SearchHit } from '../../../../shared/contract/search';
import { useApiQuery } from '../../api/client';
import { useReturnFocus } from '../../components/useReturnFocus';

const useStyles = makeStyles({
  surface: { maxWidth: '640px', width: '90vw' },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { listStyle: 'none', margin: 0, padding: 0, maxHeight: '50vh', overflowY: 'auto' },
  group: {
    margin: 0,
    display: 'block',
    color: tokens.colorNeutralForeground3,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS} 0`,
  },
  option: {
    display: 'flex',
    flexDirection: 'column',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    cursor: 'pointer',
    minWidth: 0,
  },
  active: { backgroundColor: tokens.colorBrandBackground2, outline: `2px solid ${tokens.colorBrandStroke1}` },
  detail: { color: tokens.colorNeutralForeground3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  empty: { color: tokens.colorNeutralForeground3, padding: tokens.spacingHorizontalS },
});

const KIND_LABELS: Record<SearchHit['kind'], string> = { client: 'Clients', requirement: 'Requirements', evidence: 'Evidence' };

function useDebounced(value: string, ms = 150) {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return v;
}

// Ctrl+K / Cmd+K: one box to jump to a client, a requirement in a client's current checklist, or evidence.
// The input is a combobox; arrow keys move through the options and Enter opens the highlighted one.
export function SearchDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const s = useStyles();
  const [, navigate] = useLocation();
  const listId = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  useReturnFocus(open);
  const q = useDebounced(text.trim());
  const search = useApiQuery('search.global', { q }, { enabled: open && q.length > 0 && q.length <= 100 });
  const hits = q ? (search.data?.hits ?? []) : [];
  useEffect(() => {
    setActive(0);
  }, [q]);
  useEffect(() => {
    if (open) setText('');
  }, [open]);

  // Navigate once the dialog has gone and given focus back: while it closes it still traps focus and hides the
  // page from assistive technology, and the target may move focus itself (an evidence item's row).
  const pending = useRef<string | undefined>(undefined);
  const arrive = () => {
    const href = pending.current;
    pending.current = undefined;
    if (href) navigate(href);
  };
  const go = (h: SearchHit | undefined) => {
    if (!h) return;
    pending.current = h.href;
    onOpenChange(false);
    // In case the closing motion never reports its end (the dialog unmounted first).
    window.setTimeout(arrive, 600);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, hits.length - 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter') go(hits[active]);
    else return;
    e.preventDefault();
  };
  const optionId = (i: number) => `${listId}-o${i}`;
  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => onOpenChange(d.open)}
      surfaceMotion={{ onMotionFinish: (_, d) => d.direction === 'exit' && window.setTimeout(arrive, 0) }}
    >
      <DialogSurface className={s.surface}>
        <DialogBody>
          <DialogTitle>Search</DialogTitle>
          <DialogContent className={s.body}>
            <Input
              contentBefore={<Search20Regular />}
              contentAfter={search.isFetching ? <Spinner size="extra-tiny" aria-label="Searching" /> : undefined}
              placeholder="Client, ODS code, domain, requirement or evidence"
              value={text}
              onChange={(_, d) => setText(d.value)}
              onKeyDown={onKeyDown}
              role="combobox"
              aria-label="Search clients, requirements and evidence"
              aria-expanded={hits.length > 0}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={hits.length ? optionId(active) : undefined}
            />
            <ul id={listId} role="listbox" aria-label="Results" className={s.list}>
              {hits.map((h, i) => (
                <li key={`${h.kind}:${h.id}`} role="presentation">
                  {(i === 0 || hits[i - 1]!.kind !== h.kind) && (
                    <Caption1 as="p" className={s.group} aria-hidden>
                      {KIND_LABELS[h.kind]}
                    </Caption1>
                  )}
                  <div
                    id={optionId(i)}
                    role="option"
                    aria-selected={i === active}
                    className={`${s.option} ${i === active ? s.active : ''}`}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => go(h)}
                  >
                    <Text weight="semibold">{h.title}</Text>
                    <Caption1 className={s.detail}>{h.detail}</Caption1>
                  </div>
                </li>
              ))}
            </ul>
            {q && search.isSuccess && hits.length === 0 && <Text className={s.empty}>Nothing matches “{q}”.</Text>}
            {search.isError && <Text className={s.empty}>{search.error.message}</Text>}
            {!q && <Caption1 className={s.empty}>↑ ↓ to move, Enter to open, Esc to close.</Caption1>}
          </DialogContent>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
