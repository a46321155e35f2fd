import type { FieldErrors, FieldValues } from 'react-hook-form';

// react-hook-form's errors from the contract's field issues ({ path: 'a.b.0', message }), nested the way
// the form names its fields; undefined when none apply. When react-hook-form validates some fields (on blur,
// or after a list changes) it names them, and only those may show errors, so adding a site never flags an
// untouched list.
export function fieldErrors<T extends FieldValues>(
  issues: readonly { path: string; message: string }[],
  names: readonly string[] | undefined,
): FieldErrors<T> | undefined {
  const shown = issues.filter((i) => !names || names.some((n) => i.path === n || i.path.startsWith(`${n}.`)));
  if (shown.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const i of shown) {
    const keys = (i.path || 'root').split('.');
    let cur = out;
    keys.forEach((k, idx) => {
      if (idx < keys.length - 1) cur = (cur[k] ??= {}) as Record<string, unknown>;
      else cur[k] ??= { type: 'validate', message: i.message };
    });
  }
  return out as FieldErrors<T>;
}
