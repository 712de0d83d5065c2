/**
 * A rough French phonetic key: words that sound alike get the same key, so a question spelt by ear
 * ("chofage", "reparasion", "proprietere") meets the documents' spelling ("chauffage", "réparation",
 * "propriétaire") even when more letters differ than a typo allows. Applied to folded words
 * (`src/text/fold.ts`). It merges too much to stand alone: it is only asked about words the
 * documents never use, and its matches weigh as a typo.
 */

/** Rewrites in order; each sees the result of the previous ones. */
const RULES: [RegExp, string][] = [
  [/ph/g, 'f'],
  [/qu|q/g, 'k'],
  [/g(?=[eiy])/g, 'j'],
  [/gu(?=[eiy])/g, 'g'],
  [/c(?=[eiy])/g, 's'],
  [/ch/g, '§'],
  [/c/g, 'k'],
  [/x/g, 'ks'],
  [/z/g, 's'],
  [/w/g, 'v'],
  [/h/g, ''],
  [/tion/g, 'sion'],
  [/eau|au/g, 'o'],
  [/ai|ei|ay|ey/g, 'e'],
  [/(?:er|ez|et|ee)$/g, 'e'],
  [/ou/g, 'U'],
  [/(?:an|am|en|em)(?![aeiouyU])/g, 'A'],
  [/(?:on|om)(?![aeiouyU])/g, 'O'],
  [/(?:ain|ein|in|im|un|um)(?![aeiouyU])/g, 'I'],
  [/([^aeiouyU])\1+/g, '$1'],
  [/[stdxp]+$/g, ''],
  [/e$/g, ''],
];

export function phoneticKey(folded: string): string {
  let key = folded;
  for (const [pattern, replacement] of RULES) key = key.replace(pattern, replacement);
  return key;
}
