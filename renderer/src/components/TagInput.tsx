import { useId, useState, type KeyboardEvent } from 'react';
import { Button, Field, Input, Tag, TagGroup, makeStyles, tokens } from '@fluentui/react-components';
import { Add16Regular } from '@fluentui/react-icons';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS },
  input: { flex: 1 },
  tags: { flexWrap: 'wrap', marginTop: tokens.spacingVerticalS, gap: tokens.spacingHorizontalXS },
});

// A list of short values typed one at a time (domains, CQC location IDs). Each entry is checked as it is
// added, so a mistake is explained next to the field rather than after saving.
export function TagInput(props: {
  label: string;
  hint?: string;
  placeholder?: string;
  values: string[];
  onChange: (values: string[]) => void;
  normalise: (raw: string) => { ok: true; value: string } | { ok: false; error: string };
  display?: (value: string) => string;
  error?: string;
  required?: boolean;
  testId?: string;
}) {
  const s = useStyles();
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string>();
  const inputId = useId();

  const add = () => {
    const parts = draft.split(/[\s,;]+/).filter(Boolean);
    if (parts.length === 0) return;
    const next = [...props.values];
    for (const part of parts) {
      const r = props.normalise(part);
      if (!r.ok) {
        setDraftError(r.error);
        return;
      }
      if (next.includes(r.value)) {
        setDraftError(`${r.value} is already in the list`);
        return;
      }
      next.push(r.value);
    }
    props.onChange(next);
    setDraft('');
    setDraftError(undefined);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && draft === '' && props.values.length) {
      props.onChange(props.values.slice(0, -1));
    }
  };

  const message = draftError ?? props.error;
  return (
    <Field
      label={{ children: props.label, htmlFor: inputId }}
      hint={props.hint}
      validationMessage={message}
      validationState={message ? 'error' : 'none'}
      required={props.required}
    >
      <div className={s.row}>
        <Input
          id={inputId}
          className={s.input}
          value={draft}
          placeholder={props.placeholder}
          onChange={(_, d) => {
            setDraft(d.value);
            setDraftError(undefined);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => draft.trim() && add()}
          data-testid={props.testId}
        />
        <Button icon={<Add16Regular />} onClick={add} disabled={!draft.trim()} aria-label={`Add to ${props.label}`}>
          Add
        </Button>
      </div>
      {props.values.length > 0 && (
        <TagGroup
          className={s.tags}
          aria-label={props.label}
          onDismiss={(_, d) => props.onChange(props.values.filter((v) => v !== d.value))}
        >
          {props.values.map((v) => (
            <Tag key={v} value={v} dismissible dismissIcon={{ 'aria-label': `Remove ${v}` }} shape="rounded" size="small">
              {props.display ? props.display(v) : v}
            </Tag>
          ))}
        </TagGroup>
      )}
    </Field>
  );
}
