// Values in a finding's structured data, as people read them: coverage ratios as percentages.
export function formatValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number' && /coverage|ratio|percent|share/i.test(key) && v >= 0 && v <= 1) return `${Math.round(v * 100)}%`;
  if (Array.isArray(v)) return v.join(', ') || '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
