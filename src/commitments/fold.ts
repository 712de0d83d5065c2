/**
 * Folding as the commitments extractor needs it: with the origin of each character
 * (`src/text/fold.ts`), and loose (hyphens and runs of spaces as one space).
 */
import { foldText } from '../text/fold.ts';

export { type FoldedText, foldWithOrigin } from '../text/fold.ts';

/** Folded, with hyphens and runs of spaces as one space: `Prés-Saint-Jean` → `pres saint jean`. */
export function foldLoose(text: string): string {
  return foldText(text)
    .replace(/[-‐‑–—]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
