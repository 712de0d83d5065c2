/**
 * Headings that lost their markup, in pages copied from the web.
 *
 * - A heading line: short, without final punctuation, and followed by a sentence (« Le NPNRU en
 *   chiffres » above « 130 M€ : … »).
 * - A heading glued to the sentence after it, when a mirror site flattened the page into one line:
 *   « …proposés. Les territoires concernés Le projet doit se dérouler… ». Read as one sentence,
 *   the answer would quote « Les territoires concernés Le projet doit… ». The heading has no final
 *   punctuation, so the clue is where the sentence really starts: a capitalised opener (« Le »,
 *   « L’ », « Dans »…) followed by a lowercase word, after a word that cannot end a phrase
 *   otherwise. Before a capital the opener is part of a proper name (« de La Grand-Combe »,
 *   « Le Monde »), so it is never taken as a sentence start.
 *
 * Shared by sentence splitting (src/text/sentences.ts) and the ingestion's block cleaning.
 */

/** Words that open a French sentence and are never capitalised inside one (proper names aside). */
const OPENERS = [
  'Le',
  'La',
  'Les',
  'Un',
  'Une',
  'Des',
  'Du',
  'Ce',
  'Cet',
  'Cette',
  'Ces',
  'Il',
  'Ils',
  'Elle',
  'Elles',
  'On',
  'Nous',
  'Vous',
  'Dans',
  'Pour',
  'Par',
  'Sur',
  'En',
  'Au',
  'Aux',
  'À',
  'Afin',
  'Depuis',
  'Chaque',
  'Tout',
  'Tous',
  'Toute',
  'Toutes',
  'Son',
  'Sa',
  'Ses',
  'Leur',
  'Leurs',
  'Ainsi',
  'Selon',
  'Suite',
];
/** An opener and the lowercase word after it, an elided article (« L’appel », « D’ici »), or a quotation. */
const OPENER = new RegExp(`\\s(?:(?:${OPENERS.join('|')})\\s+\\p{Ll}|[LD][’']\\p{Ll}|«\\s*\\p{Lu})`, 'gu');
/** A phrase does not end on these: « les communes de La Grand-Combe » is one phrase. */
const OPEN_ENDED = new Set(
  (
    'de du des la le les à au aux en et ou sur pour par avec dans vers chez sans sous entre un une ' +
    'que qui dont ne est sont a ont son sa ses leur leurs ce cet cette ces se selon depuis'
  ).split(' '),
);
/** A glued heading is a few words; one written in capitals (a page title) may be longer. */
const MAX_HEADING_WORDS = 8;
const MAX_CAPITALS_HEADING_WORDS = 15;
/** Fewer letters than this is an item's marker (« 1° », « a) », « II »), not a heading. */
const MIN_HEADING_LETTERS = 3;
/** What follows must be a sentence, not two more words of a title. */
const MIN_SENTENCE_CHARS = 20;
/** A run of at least this many words in capitals is a title (« GIP POLITIQUE DE LA VILLE… »). */
const MIN_CAPITALS_WORDS = 3;
/** A heading line: a few words, read in one glance; a page title in capitals may be longer. */
const MAX_LINE_CHARS = 90;
const MAX_LINE_WORDS = 12;
const MAX_CAPITALS_LINE_CHARS = 150;
const MAX_CAPITALS_LINE_WORDS = 24;
const FINAL_PUNCTUATION = /[.!?…:;,]["»”’)]*$/;

/**
 * Where the heading glued at the start of `sentence` ends, and the sentence proper starts (its
 * offset, at the opener), or `undefined` when the sentence starts with no glued heading.
 */
export function gluedHeadingEnd(sentence: string): number | undefined {
  for (const match of sentence.matchAll(OPENER)) {
    const heading = sentence.slice(0, match.index).trimEnd();
    const start = match.index + 1;
    if (sentence.length - start < MIN_SENTENCE_CHARS) return undefined;
    if (looksLikeGluedHeading(heading, sentence[start] === '«')) return start;
    // Past a title's length, the words before an opener are the sentence's own.
    if (heading.split(/\s+/).length > MAX_CAPITALS_HEADING_WORDS) return undefined;
  }
  return undefined;
}

function looksLikeGluedHeading(heading: string, beforeQuote: boolean): boolean {
  if (!/^[\p{Lu}\d]/u.test(heading) || /[,;]|[.!?…:]$/.test(heading)) return false;
  if ((heading.match(/\p{L}/gu) ?? []).length < MIN_HEADING_LETTERS) return false;
  const words = heading.split(/\s+/);
  const last = words.at(-1)!.toLowerCase();
  // « Contrat de ville - La nouvelle politique… »: a dash announces what follows.
  if (OPEN_ENDED.has(last) || /['’]$/.test(last) || !/[\p{L}\d]/u.test(last)) return false;
  const shouted = capitalWords(words) >= MIN_CAPITALS_WORDS;
  // A quotation opens many sentences after a lowercase word: only a title in capitals is cut there.
  if (beforeQuote) return shouted;
  return words.length <= (shouted ? MAX_CAPITALS_HEADING_WORDS : MAX_HEADING_WORDS);
}

/**
 * A short line without final punctuation, followed by what starts a sentence or an item. A line
 * with a comma is a caption or a sentence; one ending with a date (« Mis à jour le 30/09/2021 ») is
 * a byline, not a section.
 */
export function isHeadingLine(line: string, next: string): boolean {
  const words = line.split(/\s+/);
  const shouted = capitalWords(words) >= MIN_CAPITALS_WORDS;
  return (
    line.length <= (shouted ? MAX_CAPITALS_LINE_CHARS : MAX_LINE_CHARS) &&
    words.length <= (shouted ? MAX_CAPITALS_LINE_WORDS : MAX_LINE_WORDS) &&
    /^[\p{Lu}\d«]/u.test(line) &&
    !FINAL_PUNCTUATION.test(line) &&
    !line.includes(',') &&
    !/\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(line) &&
    /^[\p{Lu}\d«"“(–—-]/u.test(next.trim())
  );
}

function capitalWords(words: string[]): number {
  return words.filter((w) => /^[\p{Lu}\d'’-]{2,}$/u.test(w) && /\p{Lu}/u.test(w)).length;
}
