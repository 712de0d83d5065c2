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

/** Characters folded once each: `foldWithOrigin` folds texts one character at a time. */
const foldedCharacters = new Map<string, string>();
const UPPERCASE_A = 65;
const UPPERCASE_Z = 90;
const ASCII_END = 128;

/** `foldText` of one character, remembered (the alphabet of a corpus is small). */
function foldCharacter(c: string): string {
  const code = c.charCodeAt(0);
  if (code < ASCII_END && c !== '`') {
    return code >= UPPERCASE_A && code <= UPPERCASE_Z ? String.fromCharCode(code + 32) : c;
  }
  let folded = foldedCharacters.get(c);
  if (folded === undefined) {
    folded = foldText(c);
    foldedCharacters.set(c, folded);
  }
  return folded;
}

/**
 * Folded text that remembers where each folded character came from, so what is found in the folded
 * form (a pattern, a search term) can be cut or marked in the text as written. Folds character by
 * character: `foldText` may lengthen one (`œ` → `oe`), never merge two. Each character is folded
 * once per process, not once per occurrence: the commitments extractor folds every sentence of the
 * corpus, and `foldText` (normalize, three regular expressions) per character made it the slowest
 * part of loading an index.
 */
export function foldWithOrigin(text: string): FoldedText {
  const pieces: string[] = [];
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const piece = foldCharacter(text.charAt(i));
    pieces.push(piece);
    for (let j = 0; j < piece.length; j++) origin.push(i);
  }
  origin.push(text.length);
  return { folded: pieces.join(''), origin };
}
