import { useRef, type KeyboardEvent } from 'react';
import { makeStyles, tokens, Caption1, Checkbox, Text, mergeClasses, ProgressBar } from '@fluentui/react-components';
import { ErrorCircle16Filled, Warning16Filled } from '@fluentui/react-icons';
import type { SectionProgress } from '../../../../shared/domain/readiness';
import { isMandatory } from '../../../../shared/domain/catalogue/schema';
import { ResultIcon } from '../../components/badges';
import { groupBySection, type RequirementRow } from './checklist-model';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  sectionHead: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingInline: tokens.spacingHorizontalS,
    marginBottom: tokens.spacingVerticalXS,
  },
  sectionTitle: { display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  row: {
    display: 'grid',
    gridTemplateColumns: '20px 1fr auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'start',
    width: '100%',
    textAlign: 'left',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    border: 'none',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground1,
    cursor: 'pointer',
    fontFamily: 'inherit',
    fontSize: tokens.fontSizeBase300,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  selected: {
    backgroundColor: tokens.colorBrandBackground2,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  // Titles wrap rather than end in "…": the list is how people find a requirement by name.
  title: { overflowWrap: 'anywhere' },
  id: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  meta: { color: tokens.colorNeutralForeground3 },
  flags: { display: 'flex', gap: '2px', paddingTop: '2px' },
  blocker: { color: tokens.colorPaletteRedForeground1, display: 'inline-flex' },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1, display: 'inline-flex' },
  // With "Select several" on, a checkbox sits before each row's button (never inside it).
  pick: { display: 'grid', gridTemplateColumns: 'auto 1fr', alignItems: 'start' },
  proposed: { color: tokens.colorBrandForeground1 },
  empty: { padding: tokens.spacingHorizontalM, color: tokens.colorNeutralForeground3 },
});

const OBLIGATION_SHORT = { MUST: 'Must', SHOULD: 'Should', RECOMMENDED: 'Recommended', INFO: 'Information' } as const;

// The requirement list is one listbox-like group of buttons: Up/Down (or j/k) move between
// requirements, Home/End jump, and the selection follows focus.
export function RequirementList(props: {
  rows: RequirementRow[];
  sections: SectionProgress[];
  selectedId?: string;
  onSelect: (id: string) => void;
  // Bulk selection, when switched on.
  checked?: ReadonlySet<string>;
  onCheck?: (id: string, on: boolean) => void;
}) {
  const s = useStyles();
  const ref = useRef<HTMLDivElement>(null);
  const ids = props.rows.map((r) => r.requirement.id);

  const move = (e: KeyboardEvent) => {
    const keys: Record<string, number | 'home' | 'end'> = { ArrowDown: 1, ArrowUp: -1, j: 1, k: -1, Home: 'home', End: 'end' };
    const step = keys[e.key];
    if (step === undefined || ids.length === 0) return;
    e.preventDefault();
    const at = Math.max(0, ids.indexOf(props.selectedId ?? ''));
    const next = step === 'home' ? 0 : step === 'end' ? ids.length - 1 : Math.min(ids.length - 1, Math.max(0, at + step));
    props.onSelect(ids[next]!);
    ref.current?.querySelector<HTMLButtonElement>(`[data-requirement="${ids[next]}"]`)?.focus();
  };

  if (props.rows.length === 0) return <Text className={s.empty}>No requirements match these filters.</Text>;

  return (
    <div className={s.root} ref={ref} onKeyDown={move} aria-label="Requirements" role="group">
      {groupBySection(props.rows).map((g) => {
        const progress = props.sections.find((x) => x.id === g.id);
        return (
          <section key={g.id} aria-label={g.title}>
            <div className={s.sectionHead}>
              <div className={s.sectionTitle}>
                <Text weight="semibold">{g.title}</Text>
                {progress && (
                  <Caption1 className={s.meta}>
                    {progress.answered}/{progress.total}
                  </Caption1>
                )}
              </div>
              {progress && (
                <ProgressBar
                  value={progress.percent / 100}
                  thickness="medium"
                  color={progress.percent === 100 ? 'success' : 'brand'}
                  aria-label={`${g.title} ${progress.percent}% answered`}
                />
              )}
            </div>
            <ul className={s.list}>
              {g.rows.map((row) => {
                const r = row.requirement;
                const selected = r.id === props.selectedId;
                return (
                  <li key={r.id} className={props.checked ? s.pick : undefined}>
                    {props.checked && (
                      <Checkbox
                        aria-label={`Select ${r.id}`}
                        disabled={r.obligation === 'INFO'}
                        checked={props.checked.has(r.id)}
                        onChange={(_, d) => props.onCheck?.(r.id, d.checked === true)}
                      />
                    )}
                    <button
                      type="button"
                      data-requirement={r.id}
                      className={mergeClasses(s.row, selected && s.selected)}
                      aria-current={selected ? 'true' : undefined}
                      tabIndex={selected || (!props.selectedId && r.id === ids[0]) ? 0 : -1}
                      onClick={() => props.onSelect(r.id)}
                    >
                      <ResultIcon result={row.response?.result ?? 'not-assessed'} />
                      <span className={s.text}>
                        <span className={s.title}>
                          <span className={s.id}>{r.id}</span> {r.title}
                        </span>
                        <Caption1 className={s.meta}>
                          {isMandatory(r) ? 'Mandatory' : OBLIGATION_SHORT[r.obligation]}
                          {row.response?.owner ? ` · ${row.response.owner}` : ''}
                          {row.proposal && <span className={s.proposed}> · Proposed</span>}
                        </Caption1>
                      </span>
                      <span className={s.flags}>
                        {row.blockers.length > 0 && (
                          <span
                            className={s.blocker}
                            title={`${row.blockers.length} blocking`}
                            aria-label={`${row.blockers.length} blocking`}
                          >
                            <ErrorCircle16Filled />
                          </span>
                        )}
                        {row.blockers.length === 0 && row.warnings.length > 0 && (
                          <span
                            className={s.warning}
                            title={`${row.warnings.length} warnings`}
                            aria-label={`${row.warnings.length} warnings`}
                          >
                            <Warning16Filled />
                          </span>
                        )}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
