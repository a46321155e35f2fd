import { Combobox, Option } from '@fluentui/react-components';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';
import { PERSON_ROLES } from '../../../../shared/contract/people';
import { useApiQuery } from '../../api/client';

// The owner of an answer is a person from the workspace's people list (Tasks page). Picking one sets the
// name; a name not in the list is added as a person when the answer is saved.
export function OwnerCombobox<T extends FieldValues>({ control, name, label }: { control: Control<T>; name: Path<T>; label?: string }) {
  const { field } = useController({ control, name });
  const people = useApiQuery('people.list', {});
  const value = (field.value as string | undefined) ?? '';
  const matches = (people.data ?? []).filter((p) => p.name.toLowerCase().includes(value.trim().toLowerCase()));
  return (
    <Combobox
      ref={field.ref}
      name={field.name}
      aria-label={label}
      freeform
      placeholder="Pick a person or type a new name"
      value={value}
      selectedOptions={value ? [value] : []}
      onChange={(e) => field.onChange(e.target.value)}
      onOptionSelect={(_, d) => field.onChange(d.optionValue ?? '')}
      onBlur={field.onBlur}
    >
      {matches.map((p) => (
        <Option key={p.id} value={p.name} text={p.name}>
          {p.role ? `${p.name} · ${PERSON_ROLES[p.role]}` : p.name}
        </Option>
      ))}
    </Combobox>
  );
}
