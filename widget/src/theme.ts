/**
 * The palette, as `:host` custom properties a host page may override (`citadoc-chat {
 * --citadoc-accent: #…; }`). Every text pair is tested for 4.5:1 in theme.test.ts.
 */
export const PALETTE = {
  accent: '#1d4ed8',
  'accent-text': '#ffffff',
  bg: '#ffffff',
  text: '#1f2937',
  muted: '#4b5563',
  surface: '#f3f4f6',
  'user-bg': '#e0e7ff',
  border: '#6b7280',
  focus: '#1e3a8a',
  error: '#991b1b',
  'error-bg': '#fef2f2',
} as const;

export type PaletteName = keyof typeof PALETTE;

/** Foreground/background pairs the stylesheet actually uses for text. */
export const TEXT_PAIRS: [PaletteName, PaletteName][] = [
  ['accent-text', 'accent'],
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'user-bg'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['accent', 'bg'],
  ['accent', 'surface'],
  ['error', 'error-bg'],
];

/** Non-text pairs (focus ring, input borders) that need 3:1 (WCAG 1.4.11). */
export const UI_PAIRS: [PaletteName, PaletteName][] = [
  ['focus', 'bg'],
  ['focus', 'surface'],
  ['border', 'bg'],
];

export function paletteCss(accent: string): string {
  return Object.entries({ ...PALETTE, accent })
    .map(([name, value]) => `--citadoc-${name}:${value};`)
    .join('');
}
