import type { ReactNode } from 'react';
import { Dropdown, Option, SearchBox, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { type ChecklistFilters as Filters, type ObligationFilter, type ResultFilter } from './checklist-model';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(110px, 1fr))', gap: tokens.spacingHorizontalXS },
  switches: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS },
  dropdown: { minWidth: 0 },
});

const RESULTS: Record<ResultFilter, string> = {
  all: 'Any result',
  unanswered: 'Unanswered',
  met: 'Met',
  'partially-met': 'Partially met',
  'not-met': 'Not met',
  'not-applicable': 'Not applicable',
};
const OBLIGATIONS: Record<ObligationFilter, string> = {
  all: 'Any obligation',
  mandatory: 'Mandatory only',
  MUST: 'Must',
  SHOULD: 'Should',
  RECOMMENDED: 'Recommended',
  INFO: 'Information',
};

export function ChecklistFilters(props: {
  value: Filters;
  owners: string[];
  onChange: (f: Filters) => void;
  showLegacy: boolean;
  onShowLegacy: (v: boolean) => void;
  // Beside the dropdowns, where the grid has room (the checklist's "Select several"), so the list keeps its
  // place above the fold at 1280×720.
  extra?: ReactNode;
}) {
  const s = useStyles();
  const f = props.value;
  const set = (patch: Partial<Filters>) => props.onChange({ ...f, ...patch });
  const ownerLabel = f.owner === '' ? 'Any owner' : f.owner === '-' ? 'Unassigned' : f.owner;
  return (
    <div className={s.root} role="search" aria-label="Filter requirements">
      <SearchBox
        size="small"
        placeholder="Search requirements"
        aria-label="Search requirements"
        value={f.search}
        onChange={(_, d) => set({ search: d.value })}
      />
      <div className={s.row}>
        <Dropdown
          size="small"
          className={s.dropdown}
          aria-label="Filter by result"
          value={RESULTS[f.result]}
          selectedOptions={[f.result]}
          onOptionSelect={(_, d) => set({ result: d.optionValue as ResultFilter })}
        >
          {Object.entries(RESULTS).map(([k, v]) => (
            <Option key={k} value={k}>
              {v}
            </Option>
          ))}
        </Dropdown>
        <Dropdown
          size="small"
          className={s.dropdown}
          aria-label="Filter by obligation"
          value={OBLIGATIONS[f.obligation]}
          selectedOptions={[f.obligation]}
          onOptionSelect={(_, d) => set({ obligation: d.optionValue as ObligationFilter })}
        >
          {Object.entries(OBLIGATIONS).map(([k, v]) => (
            <Option key={k} value={k}>
              {v}
            </Option>
          ))}
        </Dropdown>
        <Dropdown
          size="small"
          className={s.dropdown}
          aria-label="Filter by owner"
          value={ownerLabel}
          selectedOptions={[f.owner]}
          onOptionSelect={(_, d) => set({ owner: d.optionValue ?? '' })}
        >
          <Option value="">Any owner</Option>
          <Option value="-">Unassigned</Option>
          {props.owners.map((o) => (
            <Option key={o} value={o}>
              {o}
            </Option>
          ))}
        </Dropdown>
        {props.extra}
      </div>
      <div className={s.switches}>
        <Switch label="Problems only" checked={f.problemsOnly} onChange={(_, d) => set({ problemsOnly: d.checked })} />
        <Switch label="Historic (2014)" checked={props.showLegacy} onChange={(_, d) => props.onShowLegacy(d.checked)} />
      </div>
    </div>
  );
}
