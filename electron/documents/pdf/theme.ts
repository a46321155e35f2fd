import type { RGB } from '../pdf-lib';

// The object pdf-lib's rgb() returns, built here so that loading the palette does not load pdf-lib (the
// command line loads this module on every call; pdf-lib/cjs/api/colors.js).
const hex = (h: string): RGB => {
  const n = Number.parseInt(h.slice(1), 16);
  return { type: 'RGB', red: ((n >> 16) & 255) / 255, green: ((n >> 8) & 255) / 255, blue: (n & 255) / 255 } as unknown as RGB;
};

// A restrained palette: near-black text, one deep blue accent, status colours that survive greyscale
// printing (the badge text always carries the meaning too).
export const colours = {
  ink: hex('#1b1f24'),
  body: hex('#2b3038'),
  muted: hex('#5c6470'),
  faint: hex('#8a929c'),
  rule: hex('#d5dae0'),
  ruleStrong: hex('#9aa3ad'),
  accent: hex('#1f4e79'),
  accentSoft: hex('#eaf1f8'),
  headerFill: hex('#f2f5f8'),
  groupFill: hex('#f7f9fb'),
  white: hex('#ffffff'),
  watermarkDraft: hex('#7a8490'),
  watermarkSample: hex('#c4314b'),
};

export type Tone = 'good' | 'warn' | 'bad' | 'neutral' | 'info' | 'accent';

export const tones: Record<Tone, { fg: RGB; bg: RGB }> = {
  good: { fg: hex('#0e5c0e'), bg: hex('#dff6dd') },
  warn: { fg: hex('#7a4a00'), bg: hex('#fff1c7') },
  bad: { fg: hex('#a4262c'), bg: hex('#fde7e9') },
  neutral: { fg: hex('#4a4f57'), bg: hex('#eceef1') },
  info: { fg: hex('#3b3a7a'), bg: hex('#ebeafa') },
  accent: { fg: hex('#1f4e79'), bg: hex('#eaf1f8') },
};

export const A4 = { width: 595.28, height: 841.89 };

export const page = {
  marginX: 48,
  contentTop: A4.height - 70,
  contentBottom: 64,
  headerBaseline: A4.height - 34,
  headerRule: A4.height - 44,
  footerRule: 48,
  footerBaseline: 34,
};

export const type = {
  body: 9,
  small: 7.6,
  tiny: 6.6,
  table: 8,
  h1: 20,
  h2: 13,
  h3: 10.5,
  lineFactor: 1.38,
};
