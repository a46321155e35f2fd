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

// One filter over a fixed set of choices, each with its label.
function ChoiceFilter<K extends string>(props: { label: string; choices: Record<K, string>; value: K; onChange: (k: K) => void }) {
  const s = useStyles();
  return (
    <Dropdown
      size="small"
      className={s.dropdown}
      aria-label={props.label}
      value={props.choices[props.value]}
      selectedOptions={[props.value]}
      onOptionSelect={(_, d) => props.onChange(d.optionValue as K)}
    >
      {(Object.entries(props.choices) as [K, string][]).map(([k, v]) => (
        <Option key={k} value={k}>
          {v}
        </Option>
      ))}
    </Dropdown>
  );
}

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
        <ChoiceFilter label="Filter by result" choices={RESULTS} value={f.result} onChange={(result) => set({ result })} />
        <ChoiceFilter
          label="Filter by obligation"
          choices={OBLIGATIONS}
          value={f.obligation}
          onChange={(obligation) => set({ obligation })}
        />
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
