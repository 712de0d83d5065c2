/**
 * Cuts a passage into the units a commitment is stated in: sentences of running text, and list
 * items. French abbreviations (`art.`, `M.`, `Mme.`, `cf.`, `p.`…) and initials never end a
 * sentence; `etc.` ends one only when a capital follows.
 */

export interface TextUnit {
  text: string;
  /** A bullet or numbered item (`- …`, `• …`, `1° …`, `a) …`), its marker removed. */
  listItem: boolean;
}

const BULLET = /^\s*(?:[-–—•▪●◦*>]|\d{1,2}°|\d{1,2}[.)](?=\s)|[a-z][).](?=\s))\s*/u;
/** Sentence ends: a stop, then space, then what can start a sentence (capital, guillemet, bracket). */
const SENTENCE_END = /([.!?…]+)(["»”)]?)\s+(?=[«"“(]?\s?\p{Lu})/gu;
const ABBREVIATIONS = new Set([
  'art',
  'arts',
  'cf',
  'm',
  'mm',
  'mme',
  'mmes',
  'mlle',
  'mlles',
  'dr',
  'pr',
  'me',
  'st',
  'ste',
  'av',
  'bd',
  'p',
  'pp',
  'vol',
  'chap',
  'al',
  'éd',
  'env',
  'hab',
  'ex',
  'n',
  'no',
  'nos',
  'réf',
  'cie',
  'sté',
  'dép',
  'fig',
  'tél',
  'ann',
  'coll',
  'dir',
  'op',
  'cit',
  'ibid',
  'id',
  'sq',
  'suiv',
  'min',
  'max',
  'approx',
  'c.-à-d',
  'i.e',
  'e.g',
  'l',
  'r',
  'd',
]);
const LAST_WORD = /([\p{L}.-]+)$/u;

/** The passage's blocks: blank lines always separate; a single line break only before a list item or after a stop. */
function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    let current = '';
    for (const line of paragraph.split('\n')) {
      const trimmed = line.trim();
      if (!trimmed) continue;
      if (current && (BULLET.test(trimmed) || /[.!?:;…]$/.test(current))) {
        blocks.push(current);
        current = trimmed;
      } else current = current ? `${current} ${trimmed}` : trimmed;
    }
    if (current) blocks.push(current);
  }
  // A bullet inside a line (PDF text layers often flatten lists) starts an item as well.
  return blocks.flatMap((block) => block.split(/\s+(?=[•▪●◦]\s)/u));
}

function endsWithAbbreviation(before: string, next: string): boolean {
  const word = LAST_WORD.exec(before)?.[1]?.replace(/^[-.]+/, '') ?? '';
  if (!word) return false;
  const lower = word.toLowerCase();
  if (lower === 'etc') return !/^\p{Lu}/u.test(next);
  // An initial (`J. Bonet`) or a dotted acronym (`S.A.`) is not a sentence end.
  if (/^\p{Lu}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) return true;
  return ABBREVIATIONS.has(lower);
}

/** Splits one block of running text into sentences. */
export function splitSentences(block: string): string[] {
  const text = block.replace(/\s+/g, ' ').trim();
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const stop = match[1] ?? '';
    const end = match.index + stop.length + (match[2] ?? '').length;
    if (
      stop === '.' &&
      endsWithAbbreviation(text.slice(start, match.index), text.slice(match.index + match[0].length))
    ) {
      continue;
    }
    sentences.push(text.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences.filter((s) => s.length > 0);
}

/** The units of a passage, in reading order. */
export function splitUnits(text: string): TextUnit[] {
  const units: TextUnit[] = [];
  for (const block of splitBlocks(text)) {
    const marker = BULLET.exec(block);
    const listItem = marker !== null && marker[0].length < block.length;
    const body = listItem ? block.slice(marker[0].length) : block;
    for (const sentence of splitSentences(body)) units.push({ text: sentence, listItem });
  }
  return units;
}
