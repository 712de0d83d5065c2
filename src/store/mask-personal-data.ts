/**
 * Personal data residents type into a question or a comment (« je suis au 06 12 34 56 78 »,
 * « j'habite 12 rue des Lilas ») replaced by a label before the text is stored, and so before the
 * report shows it. The question is still answered from what was typed: only what is kept is masked.
 *
 * Patterns, not a model: each covers the French written forms of one kind of data, and stays away
 * from what questions about the Contrat de ville are full of (amounts, years, article numbers,
 * neighbourhood codes, dates). Names of people are not recognised.
 */

export const MASKS = {
  email: '[courriel]',
  phone: '[téléphone]',
  iban: '[IBAN]',
  socialSecurity: '[n° de sécurité sociale]',
  tax: '[n° fiscal]',
  address: '[adresse]',
} as const;

const email = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/** Two letters, two check digits, then groups of four (FR76 3000 6000 0112 3456 7890 189), or one block. */
const iban = /\b[A-Za-z]{2}\d{2}(?:[ -]?[0-9A-Z]{4}){3,7}(?:[ -]?[0-9A-Z]{1,3})?\b/g;

/**
 * One digit then two, two, two (or 2A/2B in Corsica), three, three, with or without the key: 1 85 05
 * 78 006 084 36. Thirteen digits alone are also the length of a numéro fiscal: the words before
 * the number decide (`TAX_WORDS`), and the shape otherwise.
 */
const socialSecurity =
  /\b[12][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[ABab])[ .]?\d{3}[ .]?\d{3}(?:[ .]?(?:[-–][ ]?)?\d{2})?\b/g;

/** French numbers: 0 then nine digits in pairs, or +33 / 0033 (sometimes with (0)) then nine. */
const phone = /(?:(?:\+|\b00)33[ .-]?(?:\(0\)[ .-]?)?|\b0)[1-9](?:[ .-]?\d{2}){4}\b/g;

/** Thirteen digits beginning with 0 to 3, in whatever groups: the numéro fiscal (SPI). */
const tax = /\b[0-3]\d(?:[ .]?\d){11}\b/g;

const TAX_WORDS = /fisca|imp[oô]t|\bSPI\b/i;
/** How far back the words that name a number are looked for (« mon numéro fiscal est le … »). */
const CONTEXT_CHARS = 40;

/**
 * Street types. The strong ones are addresses whenever a number or a capitalised name follows;
 * the weak ones are also ordinary words (« mise en place », « au cours de », « 3 cours de
 * soutien ») and count only with a number and a capitalised name, or after « j'habite ».
 */
const STRONG_TYPES = [
  'rue',
  'ruelle',
  'avenue',
  'av',
  'boulevard',
  'bd',
  'bld',
  'chemin',
  'impasse',
  'allée',
  'allées',
  'quai',
  'faubourg',
  'lotissement',
  'montée',
  'traverse',
  'lieu-dit',
  'hameau',
  'sentier',
  'rond-point',
];
const WEAK_TYPES = [
  'place',
  'cours',
  'route',
  'passage',
  'square',
  'cité',
  'résidence',
  'esplanade',
  'promenade',
];

/** « rue » or « Rue » or « RUE », never « rUe »: the regexes below must not be case-insensitive. */
const anyCase = (word: string) =>
  `(?:[${word[0]}${word[0]!.toUpperCase()}]${word.slice(1)}|${word.toUpperCase()})`;
const typesOf = (words: string[]) => `(?:${words.map(anyCase).join('|')})\\.?`;
const STRONG = typesOf(STRONG_TYPES);
const ANY_TYPE = typesOf([...STRONG_TYPES, ...WEAK_TYPES]);

const NUMBER = String.raw`\b\d{1,4}(?:[ ]?(?:bis|ter|quater|[abt])\b)?,?[ ]+`;
const PARTICLE = `(?:(?:de|du|des|la|le|les|aux|au|en|sur)[ ]+|[ld][’'])`;
const WORD = String.raw`[\p{L}\p{N}][\p{L}\p{N}’'-]*`;
const CAPITAL_WORD = String.raw`\p{Lu}[\p{L}’'-]*`;
/** More capitalised words, with particles between them: « Jean de La Fontaine ». */
const MORE_CAPITALS = `(?:[ ]+${PARTICLE}*${CAPITAL_WORD})*`;
/** « , 30100 Alès » after the street. */
const TOWN = String.raw`(?:,?[ ]+\d{5}(?:[ ]+${CAPITAL_WORD}(?:[ -]${CAPITAL_WORD})*)?)?`;
const ANY_NAME = `[ ]+${PARTICLE}*${WORD}${MORE_CAPITALS}`;
const CAPITAL_NAME = `[ ]+${PARTICLE}*${CAPITAL_WORD}${MORE_CAPITALS}`;
/** What people write before their address; the address then needs neither number nor capital. */
const LIVES_AT = String.raw`(?<=\b(?:habite|habites|habitons|habitez|habitent|demeure|réside|résidons|domiciliée?s?|adresse|adresse est|vis|vit|vivons|logée?s?)[ ]+(?:(?:au|à|dans|sur|en)[ ]+)?(?:la[ ]+|l[’'])?)`;

const address = new RegExp(
  [
    `${NUMBER}${STRONG}${ANY_NAME}${TOWN}`,
    `${NUMBER}${ANY_TYPE}${CAPITAL_NAME}${TOWN}`,
    `${LIVES_AT}(?:${NUMBER})?${ANY_TYPE}${ANY_NAME}${TOWN}`,
    // « mise en place », « au cours » are not addresses even before a capital: only strong types here.
    `\\b${STRONG}${CAPITAL_NAME}${TOWN}`,
  ].join('|'),
  'gu',
);

function precededBy(text: string, offset: number, words: RegExp): boolean {
  return words.test(text.slice(Math.max(0, offset - CONTEXT_CHARS), offset));
}

/**
 * The text with its e-mail addresses, phone numbers, IBANs, social security and tax numbers and
 * street addresses replaced by `MASKS`; anything else is left exactly as typed.
 */
export function maskPersonalData(text: string): string {
  return (
    text
      .replace(email, MASKS.email)
      .replace(iban, (match) => (/\d{4}/.test(match.slice(4)) ? MASKS.iban : match))
      // Before phones: a number like 2 90 01 30 … must not lose its middle to a phone pattern.
      .replace(socialSecurity, (match, offset: number, whole: string) =>
        precededBy(whole, offset, TAX_WORDS) && match.replace(/\D/g, '').length === 13
          ? MASKS.tax
          : MASKS.socialSecurity,
      )
      // Before tax numbers: 0033 6 12 34 56 78 has thirteen digits too.
      .replace(phone, MASKS.phone)
      .replace(tax, MASKS.tax)
      .replace(address, MASKS.address)
  );
}
