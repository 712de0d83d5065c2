/**
 * French text analysis shared by indexing and querying: folding (case, accents, ligatures,
 * typographic apostrophes), tokenizing, elision stripping, stop words and Snowball stemming.
 *
 * People type questions short, without accents and with typos, so everything is compared in folded
 * form: `analyze('l’État')` and `analyze('l etat')` give the same terms.
 */
import { createRequire } from 'node:module';
import { foldText } from './fold.ts';
import { memoize } from './memo.ts';
import { FRENCH_STOP_WORDS } from './stopwords-fr.ts';

export { foldText };

/** A word as it appears in the (folded) text, and the term it is indexed under. */
export interface AnalyzedWord {
  /** Folded word, elision removed: what to highlight. */
  form: string;
  /** Stem (or the number / code itself): what to index and match. */
  term: string;
}

interface SnowballStemmer {
  stem(word: string): string;
}

// snowball-stemmers ships CommonJS without type declarations.
const snowball = createRequire(import.meta.url)('snowball-stemmers') as {
  newStemmer(language: string): SnowballStemmer;
};
const frenchStemmer = snowball.newStemmer('french');

/**
 * Numbers joined by hyphens (`2014-173`, `2015-2020`) stay one token so law and decree ids match as
 * written; other words split on hyphens (`grand-combe` → `grand`, `combe`), so `grand combe` matches
 * too. Apostrophes stay inside a token here; `analyze` strips the elided article.
 */
const TOKEN = /\p{N}+(?:-\p{N}+)+(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** Folded words, numbers and alphanumeric codes (`qp030002`), in text order. */
export function tokenize(s: string): string[] {
  return foldText(s).match(TOKEN) ?? [];
}

/** `l'etat` → `etat`, `jusqu'a` → `a`, `quelqu'un` → `un`. */
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu)'/;
const HAS_DIGIT = /\p{N}/u;
const NUMBER_COMPOUND = /^\p{N}+(?:-\p{N}+)+$/u;

export function isStopWord(term: string): boolean {
  return FRENCH_STOP_WORDS.has(term);
}

/**
 * Snowball removes `-ité`, `-ée`, `-ière` only when it sees the accent. Restoring these (nearly
 * unambiguous) accented endings on the folded word lets `securite` and `sécurité` share a stem with
 * `securitaire`'s family, instead of `securit`/`secur`. Measured on 16 000 French Wikipedia words:
 * 96 % of accented words then get the stem their accented form gets (80 % without).
 */
const ACCENTED_ENDINGS: [RegExp, string][] = [
  [/ite(s?)$/, 'ité$1'],
  [/ee(s?)$/, 'ée$1'],
  [/iere(s?|ment)$/, 'ière$1'],
  [/erent$/, 'èrent'],
];

/**
 * Words whose stems are remembered (`memo.ts`): a few hundred bytes each with the map's entry, so
 * about 10 MB per answer thread when full.
 */
const STEM_CACHE_LIMIT = 50_000;

/** Snowball French stem of a word, accent-insensitive: `stem('réhabilitation') === stem('rehabilitation')`. */
export function stem(word: string): string {
  return stemFolded(foldText(word));
}

const stemFolded = memoize(STEM_CACHE_LIMIT, (folded: string): string => {
  let input = folded;
  for (const [ending, accented] of ACCENTED_ENDINGS) {
    if (ending.test(input)) {
      input = input.replace(ending, accented);
      break;
    }
  }
  let result = foldText(frenchStemmer.stem(input));
  // Snowball keeps the plural `s` after `oi`, so `emplois` would not meet `emploi`, nor `lois` `loi`.
  if (result.endsWith('ois')) result = result.slice(0, -1);
  return result;
});

function pushWord(out: AnalyzedWord[], form: string): void {
  if (form.length === 0 || isStopWord(form)) return;
  out.push({ form, term: HAS_DIGIT.test(form) ? form : stemFolded(form) });
}

/**
 * Words with their index terms: elisions stripped, stop words dropped, stemmed. A number compound
 * (`2015-2020`) gives itself and its parts, so `2015` finds a `2015-2020` programme.
 */
export function analyzeWords(s: string): AnalyzedWord[] {
  const out: AnalyzedWord[] = [];
  for (const token of tokenize(s)) {
    const form = token.includes("'") ? token.replace(ELISION, '') : token;
    pushWord(out, form);
    if (NUMBER_COMPOUND.test(form)) for (const part of form.split('-')) pushWord(out, part);
  }
  return out;
}

/** The index terms of a text: what both passages and questions are reduced to. */
export function analyze(s: string): string[] {
  return analyzeWords(s).map((w) => w.term);
}
