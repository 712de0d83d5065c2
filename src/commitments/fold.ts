/**
 * Folded text that remembers where each folded character came from, so a pattern matched on the
 * folded form (no case, no accents, plain apostrophes) can cut the original sentence as written.
 */
import { foldText } from '../text/french.ts';

export interface FoldedText {
  folded: string;
  /** `origin[i]` is the index in the original text of folded character `i` (one past the end last). */
  origin: number[];
}

/** Folds character by character: `foldText` may lengthen one (`œ` → `oe`), never merge two. */
export function foldWithOrigin(text: string): FoldedText {
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const piece = foldText(text.charAt(i));
    folded += piece;
    for (let j = 0; j < piece.length; j++) origin.push(i);
  }
  origin.push(text.length);
  return { folded, origin };
}

/** Folded, with hyphens and runs of spaces as one space: `Prés-Saint-Jean` → `pres saint jean`. */
export function foldLoose(text: string): string {
  return foldText(text)
    .replace(/[-‐‑–—]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
