/**
 * Whether the retrieved passages support an answer. A similarity threshold alone cannot tell an
 * off-corpus question from a hard in-corpus one (both get mediocre scores), so several signals are
 * read together: how much of the question's content the best sentence and passage cover (with words
 * the documents never use counting as uncovered), and whether the lexical and dense indexes agree on
 * the best passage.
 */
import type { Passage } from '../retrieval/hybrid.ts';
import { coverage, type QueryTerms } from './evidence.ts';
import type { ScoredSentence } from './extractive.ts';

/** A sentence covering this much of the question answers it on its own. */
const SENTENCE_COVERAGE_ALONE = 0.6;
/** Less is enough when the passage as a whole covers the question and both indexes agree on it. */
const SENTENCE_COVERAGE_WITH_AGREEMENT = 0.4;
const PASSAGE_COVERAGE_WITH_AGREEMENT = 0.6;
/** "Agree": the passage is among this many first results of each index. */
const AGREEMENT_RANK = 10;

export interface Decision {
  answer: boolean;
  sentenceCoverage: number;
  passageCoverage: number;
  agreement: boolean;
}

export function decideSupport(terms: QueryTerms, passages: Passage[], scored: ScoredSentence[]): Decision {
  const top = passages[0];
  const sentenceCoverage = scored[0]?.coverage ?? 0;
  if (!top || terms.total === 0) {
    return { answer: false, sentenceCoverage, passageCoverage: 0, agreement: false };
  }
  const passageCoverage = Math.max(
    ...passages
      .slice(0, 3)
      .map((p) => coverage(terms, `${p.doc.meta.title} ${p.headingPath.join(' ')} ${p.text}`)),
  );
  const agreement =
    (top.lexicalRank ?? Number.POSITIVE_INFINITY) <= AGREEMENT_RANK &&
    (top.denseRank ?? Number.POSITIVE_INFINITY) <= AGREEMENT_RANK;
  const answer =
    sentenceCoverage >= SENTENCE_COVERAGE_ALONE ||
    (agreement &&
      sentenceCoverage >= SENTENCE_COVERAGE_WITH_AGREEMENT &&
      passageCoverage >= PASSAGE_COVERAGE_WITH_AGREEMENT);
  return { answer, sentenceCoverage, passageCoverage, agreement };
}
