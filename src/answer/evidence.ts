/**
 * How well a piece of text answers a question, without a language model: the IDF-weighted share of
 * the question's content words it contains (typos resolved to the documents' spelling), plus a small
 * bonus when it holds the kind of thing asked for (a date for "quand", a number for "combien"…).
 */
import { boundedDistance } from '../index/fuzzy.ts';
import { analyze, analyzeWords } from '../text/french.ts';

export interface QueryTerms {
  /** Analysed term → weight (its IDF in the index; the rarest weight for a word the index lacks). */
  weights: Map<string, number>;
  total: number;
  expects: Expectation | undefined;
}

export type Expectation = 'date' | 'number' | 'person' | 'place';

/** What a question word asks for, and what in a sentence looks like it. */
const EXPECTATIONS: { asks: RegExp; expects: Expectation }[] = [
  {
    asks: /\b(quand|quelle date|quelle année|quelle annee|en quelle|depuis quand|jusqu'à quand|date)\b/i,
    expects: 'date',
  },
  {
    asks: /\b(combien|quel montant|quelle somme|quel nombre|quel budget|quelle population|nombre)\b/i,
    expects: 'number',
  },
  {
    asks: /^\s*(qui|par qui|à qui|a qui)\b|\bqui (est|sont|signe|finance|paie|paye|pilote)\b/i,
    expects: 'person',
  },
  {
    asks: /\b(où|ou se trouve|quel quartier|quels quartiers|quelle commune|quelles communes|adresse)\b/i,
    expects: 'place',
  },
];

const LOOKS_LIKE: Record<Expectation, RegExp> = {
  date: /\b(1[89]\d\d|20\d\d)\b|\b\d{1,2}(er)? (janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)\b/i,
  number: /\d/,
  person: /(?<!^)\b\p{Lu}[\p{L}-]+/u,
  place: /\b(quartier|commune|centre|rue|avenue|place)\b|(?<!^)\b\p{Lu}[\p{L}-]+/u,
};

/** Weight of having the expected kind of answer, relative to full word coverage (1). */
const EXPECTATION_BONUS = 0.15;

export function expectationOf(question: string): Expectation | undefined {
  return EXPECTATIONS.find((e) => e.asks.test(question))?.expects;
}

/**
 * The question's terms with their weights. `matchedForms` are the documents' spellings of words the
 * lexical index matched, so that "logment" credits a sentence with "logement": a word the index does
 * not know is replaced by its correction when there is one, and otherwise weighs as the rarest word
 * (a question about something the documents never mention should not look answered).
 */
export function queryTerms(
  question: string,
  idf: (term: string) => number | undefined,
  maxIdf: number,
  matchedForms: string[] = [],
): QueryTerms {
  const weights = new Map<string, number>();
  const unknown: string[] = [];
  for (const term of analyze(question)) {
    const weight = idf(term);
    if (weight === undefined) unknown.push(term);
    else weights.set(term, weight);
  }
  const corrections = matchedForms.flatMap((form) => analyze(form)).filter((t) => !weights.has(t));
  for (const term of unknown) {
    const correction = corrections.find((c) => boundedDistance(c, term, 2) <= 2);
    if (correction) weights.set(correction, idf(correction) ?? maxIdf);
    else weights.set(term, maxIdf);
  }
  let total = 0;
  for (const w of weights.values()) total += w;
  return { weights, total, expects: expectationOf(question) };
}

export function coverage(query: QueryTerms, text: string): number {
  if (query.total === 0) return 0;
  const present = new Set(analyzeWords(text).map((w) => w.term));
  let credit = 0;
  for (const [term, weight] of query.weights) if (present.has(term)) credit += weight;
  return credit / query.total;
}

/** Coverage plus the bonus for holding what was asked for. */
export function answerScore(query: QueryTerms, text: string): number {
  const base = coverage(query, text);
  if (!query.expects || base === 0) return base;
  return base + (LOOKS_LIKE[query.expects].test(text) ? EXPECTATION_BONUS : 0);
}
