/**
 * Folding, the one way text is compared everywhere (index, answers, commitments, the agents' page in
 * the browser): lowercase, no accents, ligatures expanded, typographic apostrophes and spaces plain.
 * No Node dependency, so the console bundle uses it as the server does.
 */

const COMBINING_MARKS = /\p{M}/gu;
/** Characters folding rewrites beyond accents: ligatures, typographic apostrophes, Unicode spaces. */
const REWRITES: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  '’': "'",
  ʼ: "'",
  '‘': "'",
  '`': "'",
  '´': "'",
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': ' ',
};
const REWRITTEN = new RegExp(`[${Object.keys(REWRITES).join('')}]`, 'g');

/** Lowercase, strip accents, expand ligatures, plain apostrophes and spaces. */
export function foldText(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(REWRITTEN, (c) => REWRITES[c] ?? c);
}

export interface FoldedText {
  folded: string;
  /** `origin[i]` is the index in the original text of folded character `i` (one past the end last). */
  origin: number[];
}

/**
 * Folded text that remembers where each folded character came from, so what is found in the folded
 * form (a pattern, a search term) can be cut or marked in the text as written. Folds character by
 * character: `foldText` may lengthen one (`œ` → `oe`), never merge two.
 */
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
