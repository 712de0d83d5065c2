/**
 * Character-level repairs for text taken from a PDF: ligature glyphs, private-use bullet glyphs,
 * soft hyphens and odd spaces, and words split across lines by a hyphen.
 */

const LIGATURES: Record<string, string> = {
  ﬀ: 'ff',
  ﬁ: 'fi',
  ﬂ: 'fl',
  ﬃ: 'ffi',
  ﬄ: 'ffl',
  ﬅ: 'st',
  ﬆ: 'st',
};

/** Symbol fonts (Wingdings, Symbol) map their bullets and arrows to the private-use area. */
const PRIVATE_USE = /[\uE000-\uF8FF]/gu;
/** Bullets a line may start with, private-use glyphs included; `-` and `–` only when a space follows. */
const BULLET = /^(?:[\uE000-\uF8FF•◦▪▫■□●○►▶➢➤✓✔❖→◆◇·]\s*|[-–—]\s+)/u;

/** Ligatures expanded, private-use glyphs dropped, soft hyphens removed, spaces normalised. */
export function cleanText(text: string): string {
  return (
    text
      .replace(/[ﬀﬁﬂﬃﬄﬅﬆ]/gu, (ch) => LIGATURES[ch] ?? ch)
      .replace(PRIVATE_USE, ' ')
      .replace(/\u00AD/gu, '')
      .replace(/[\u00A0\u2007\u202F\t]/gu, ' ')
      .replace(/\s+/gu, ' ')
      // A removed footnote call leaves a space before the comma or full stop that followed it.
      .replace(/ ([,.])(?=\s|$)/gu, '$1')
      .trim()
  );
}

/** Splits a leading bullet off a raw line: `{ bullet: true, text }` when there was one. */
export function splitBullet(raw: string): { bullet: boolean; text: string } {
  const match = BULLET.exec(raw.trimStart());
  if (!match) return { bullet: false, text: raw };
  return { bullet: true, text: raw.trimStart().slice(match[0].length) };
}

/**
 * Words that keep their hyphen when a line ends on them: compounds (`sous-traitant`, `ci-dessous`,
 * `rendez-vous`) and inverted pronouns (`seraient-ils`), where the hyphen is spelling, not a split.
 */
const HYPHEN_PREFIXES = new Set([
  'anti',
  'après',
  'arrière',
  'au',
  'auto',
  'avant',
  'bas',
  'basse',
  'bien',
  'ci',
  'co',
  'contre',
  'demi',
  'ex',
  'extra',
  'grand',
  'grande',
  'haut',
  'haute',
  'hors',
  'inter',
  'là',
  'mi',
  'mini',
  'multi',
  'non',
  'nord',
  'outre',
  'petit',
  'porte',
  'post',
  'pré',
  'quasi',
  'rendez',
  'semi',
  'sous',
  'sud',
  'super',
  'sur',
  'vice',
  'est',
  'ouest',
  'peut',
  'va',
  'dit',
  'dites',
  'faire',
  'celle',
  'celui',
]);
const HYPHEN_SUFFIXES = new Set([
  'ci',
  'là',
  'il',
  'ils',
  'elle',
  'elles',
  'on',
  't',
  'je',
  'tu',
  'nous',
  'vous',
  'ce',
  'même',
  'mêmes',
  'dessous',
  'dessus',
  'delà',
  'le',
  'la',
  'les',
  'lui',
  'leur',
  'moi',
  'toi',
  'y',
  'en',
  'être',
]);

/** Longer than any French word, so the tail of a line holds the whole hyphenated piece. */
const MAX_WORD = 40;

/**
 * Joins two lines of one paragraph. A line ending in `lettre-` followed by a lowercase word is a
 * word split at the margin (`aménage-` + `ment`), unless the pieces are a known compound; a capital
 * or a digit after the hyphen means a real hyphen (`Moulin-sous-` + `Touvent`, `L. 151-` + `2`).
 */
export function joinLines(left: string, right: string): string {
  if (left === '') return right;
  if (right === '') return left;
  // Only the end of `left` matters: matching the whole of a long paragraph would be quadratic.
  const tail = left.slice(-MAX_WORD);
  // `n° 89-` + `462`: a hyphen glued to a number or word always binds to what follows.
  if (!/\S[-‐]$/u.test(tail)) return `${left} ${right}`;
  const split = /(\p{L}+)[-‐]$/u.exec(tail);
  if (!split) return `${left}${right}`;
  const nextWord = /^\p{L}+/u.exec(right)?.[0];
  if (!nextWord || nextWord[0] !== nextWord[0]!.toLowerCase()) return `${left}${right}`;
  const before = split[1]!.toLowerCase();
  const compound = HYPHEN_PREFIXES.has(before) || HYPHEN_SUFFIXES.has(nextWord.toLowerCase());
  return compound ? `${left}${right}` : `${left.slice(0, -1)}${right}`;
}
