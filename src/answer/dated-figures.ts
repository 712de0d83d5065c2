/**
 * Figures quoted from documents of different dates, dated. « Combien de logements vont être
 * démolis ? » was answered 520 [1], 492 [2] and 494 [3], three documents of 2020 and May 2024
 * quoted side by side, and nothing told the resident which was current. When the sentences an
 * answer quotes hold figures and come from documents of different dates, those sentences are listed
 * most recent first, each labelled with its document's date (« Document du 22 mai 2024 : « … » [3] »).
 * The labels are in the answer's text, so every reader of the API, the widget, its copy button and
 * the screen reader get them; the `[n]` markers stay those of the cards.
 */
import { documentDateLabel } from '../text/french-date.ts';

/** A sentence the answer quotes, with its card's number and its document's date (AAAA[-MM[-JJ]]). */
export interface QuotedSentence {
  text: string;
  n: number;
  date?: string;
}

/** Said before the dated list; the list is written most recent first. */
export const DATED_FIGURES_INTRO =
  'Ces chiffres viennent de documents de dates différentes, du plus récent au plus ancien :';

const MONTHS =
  'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre';
/** A number: digits, with spaces between thousands (« 9 400 ») and a decimal part (« 1,5 »). */
const NUMBER = /(?<![\p{L}\d/.,-])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?(?![\d/-]|[.,]\d)/gu;
/** Written before a number that names something rather than counts it (« n° 1 », « article 5 »). */
const REFERENCE_BEFORE = /(?:n°|nº|no\.?|article|art\.|page|p\.|phase|tranche|décret|loi|avenant)\s*$/iu;
/** After a number: an ordinal (« 1er », « 2e ») or a date (« 12 mars »). */
const NOT_A_COUNT_AFTER = new RegExp(`^(?:er|re|e|ème|eme)\\b|^\\s*(?:${MONTHS})\\b`, 'iu');
/** What a count or an amount is followed by: a unit, a currency, a percentage or a noun (« 520 logements »). */
const UNIT_AFTER = /^\s*(?:%|€|\$|M€|k€|euros?\b|millions?\b|milliards?\b|\p{L}|:)/u;
/** Four digits from 1900 to 2099 are a year unless an amount follows them (« 2000 € »). */
const YEAR = /^(?:19|20)\d\d$/;
const AMOUNT_AFTER = /^\s*(?:%|€|\$|M€|k€|euros?\b|millions?\b|milliards?\b)/u;

/**
 * Whether a sentence states a figure: a count or an amount written in digits, followed by its unit
 * or noun. Years, dates, ordinals and reference numbers (« n° 1 », « article 5 », « 2014-173 ») are
 * not figures; nor are numbers written in words, which the documents use for small counts.
 */
export function holdsFigure(sentence: string): boolean {
  for (const match of sentence.matchAll(NUMBER)) {
    const before = sentence.slice(Math.max(0, match.index - 12), match.index);
    const after = sentence.slice(match.index + match[0].length);
    if (REFERENCE_BEFORE.test(before) || NOT_A_COUNT_AFTER.test(after)) continue;
    if (YEAR.test(match[0]) && !AMOUNT_AFTER.test(after)) continue;
    if (UNIT_AFTER.test(after)) return true;
  }
  return false;
}

/** Most recent first; undated last. `AAAA-MM-JJ` strings compare as dates do. */
function byDateDescending(a: QuotedSentence, b: QuotedSentence): number {
  if (a.date === b.date) return 0;
  if (a.date === undefined) return 1;
  if (b.date === undefined) return -1;
  return a.date < b.date ? 1 : -1;
}

const quoted = (s: QuotedSentence) => `${s.text} [${s.n}]`;

/**
 * The answer's text from the sentences it quotes, in the order given. When at least two of those
 * holding figures come from documents with different known dates, they follow the others as a list,
 * most recent first, each with its document's date; otherwise the sentences are joined as they come.
 */
export function writeQuotedAnswer(sentences: readonly QuotedSentence[], figuresAsked = true): string {
  // Only when the question asks for a figure: « annexe 1 » in an answer about what a call for
  // projects is for is no figure to date.
  const figures = figuresAsked ? sentences.filter((s) => holdsFigure(s.text)) : [];
  const dates = new Set(figures.flatMap((s) => (s.date === undefined ? [] : [s.date])));
  if (dates.size < 2) return sentences.map(quoted).join(' ');
  const others = sentences.filter((s) => !figures.includes(s));
  const list = [...figures]
    .sort(byDateDescending)
    .map((s) => `- ${documentDateLabel(s.date)} : « ${s.text} » [${s.n}]`);
  return [others.map(quoted).join(' '), `${DATED_FIGURES_INTRO}\n\n${list.join('\n')}`]
    .filter(Boolean)
    .join('\n\n');
}
