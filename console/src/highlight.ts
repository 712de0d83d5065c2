/**
 * Which parts of a passage to mark for the words the search matched. The server gives folded terms
 * (`etat`); the passage says `l’État`: both are compared folded, and the marks fall on the
 * original characters. A term marks from a word start to that word's end, so a stem
 * (`renouvel`) marks the whole word (`renouvellement`).
 */

export interface TextPiece {
  text: string;
  mark: boolean;
}

import { foldWithOrigin } from '../../src/text/fold.ts';

const WORD_CHAR = /[\p{L}\p{N}]/u;

export function foldTerm(term: string): string {
  return foldWithOrigin(term.trim()).folded;
}

/** The passage cut into marked and unmarked pieces, in order; joined, they give the passage back. */
export function highlightPieces(text: string, terms: string[]): TextPiece[] {
  const { folded, origin } = foldWithOrigin(text);
  const ranges: [number, number][] = [];
  for (const term of new Set(terms.map(foldTerm))) {
    if (term.length < 2) continue;
    let at = folded.indexOf(term);
    while (at !== -1) {
      if (at === 0 || !WORD_CHAR.test(folded.charAt(at - 1))) {
        let end = at + term.length;
        while (end < folded.length && WORD_CHAR.test(folded.charAt(end))) end++;
        ranges.push([origin[at] ?? 0, (origin[end - 1] ?? 0) + 1]);
      }
      at = folded.indexOf(term, at + 1);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const pieces: TextPiece[] = [];
  let cursor = 0;
  for (const [start, end] of ranges) {
    if (end <= cursor) continue;
    const from = Math.max(start, cursor);
    if (from > cursor) pieces.push({ text: text.slice(cursor, from), mark: false });
    const last = pieces[pieces.length - 1];
    if (last?.mark && from === cursor) last.text += text.slice(from, end);
    else pieces.push({ text: text.slice(from, end), mark: true });
    cursor = end;
  }
  if (cursor < text.length) pieces.push({ text: text.slice(cursor), mark: false });
  return pieces;
}
