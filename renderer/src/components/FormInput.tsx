import { Input, Textarea, type InputProps, type TextareaProps } from '@fluentui/react-components';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';

// Fluent's Input and Textarea are always controlled (an absent `value` means ''), so react-hook-form's
// `register`, which writes the DOM value behind React's back, is overwritten on the next render: saved
// values vanished from view. These bind the form value through the component's own value/onChange.

type Bound<T extends FieldValues> = { control: Control<T>; name: Path<T> };

function useBoundText<T extends FieldValues>(control: Control<T>, name: Path<T>) {
  const { field } = useController({ control, name });
  return {
    ref: field.ref,
    name: field.name,
    value: (field.value as string | undefined) ?? '',
    onChange: (_: unknown, d: { value: string }) => field.onChange(d.value),
    onBlur: field.onBlur,
  };
}

export function FormInput<T extends FieldValues>({ control, name, ...rest }: Bound<T> & Omit<InputProps, 'value' | 'onChange' | 'name'>) {
  return <Input {...rest} {...useBoundText(control, name)} />;
}

export function FormTextarea<T extends FieldValues>({
  control,
  name,
  ...rest
}: Bound<T> & Omit<TextareaProps, 'value' | 'onChange' | 'name'>) {
  return <Textarea {...rest} {...useBoundText(control, name)} />;
}
