import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-types';

type Options = NonNullable<ParseArgsConfig['options']>;

// node:util parseArgs, with its errors turned into usage errors the user can act on.
export function parse<O extends Options>(args: string[], options: O, positionals = 0) {
  try {
    const r = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals > 0,
      strict: true,
    });
    if (r.positionals.length > positionals) throw new UsageError(`Unexpected argument "${r.positionals[positionals]}".`);
    return r;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message.replace(/^.*?: /, '').replace(/\. To specify a positional argument.*$/, '.'));
  }
}

// Renders rows as an aligned plain-text table for terminals.
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
