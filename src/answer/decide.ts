/**
 * Whether the retrieved passages support an answer. A similarity threshold alone cannot tell an
 * off-corpus question from a hard in-corpus one (both get mediocre scores), so several signals are
 * read together: how much of the question's content the best sentence covers, how much the best
 * passages cover, with words the documents never use counting as uncovered (`evidence.ts`).
 *
 * Whether the lexical and dense indexes agree on the best passage is measured and reported too, but
 * no longer required: with the default model (character n-grams, a second lexical view rather than a
 * model of meaning) requiring it turned away answerable questions — a quarter of piaf-dev's, a third
 * of residents' informal ones — while it kept out one unanswerable question of 56 (`npm run eval`,
 * BENCHMARKS.md). A pretrained model that agrees for reasons of meaning may earn it a place again.
 */
import type { Passage } from '../retrieval/hybrid.ts';
import { coverage, type QueryTerms } from './evidence.ts';
import type { ScoredSentence } from './extractive.ts';

/** A sentence covering this much of the question answers it on its own. */
const SENTENCE_COVERAGE_ALONE = 0.6;
/** Less is enough when one of the first passages, read whole, covers the question. */
const SENTENCE_COVERAGE_WITH_PASSAGE = 0.4;
const PASSAGE_COVERAGE = 0.6;
/** Passages read whole for the decision. */
const PASSAGES_READ = 3;
/** "Agree": the passage is among this many first results of each index. */
const AGREEMENT_RANK = 10;

export interface Decision {
  answer: boolean;
  sentenceCoverage: number;
  /** The most any of the first passages covers, read whole. */
  passageCoverage: number;
  /** Which of them that is (the first, on a tie); none when nothing was retrieved. */
  coveringPassage?: number;
  agreement: boolean;
}

/** How much of the question a passage covers, read whole with its document's title and heading path. */
export function passageCoverage(terms: QueryTerms, p: Passage): number {
  return coverage(terms, `${p.doc.meta.title} ${p.headingPath.join(' ')} ${p.text}`);
}

export function decideSupport(terms: QueryTerms, passages: Passage[], scored: ScoredSentence[]): Decision {
  const top = passages[0];
  const sentenceCoverage = scored[0]?.coverage ?? 0;
  if (!top || terms.total === 0) {
    return { answer: false, sentenceCoverage, passageCoverage: 0, agreement: false };
  }
  const coverages = passages.slice(0, PASSAGES_READ).map((p) => passageCoverage(terms, p));
  const best = Math.max(...coverages);
  const coveringPassage = coverages.indexOf(best);
  const agreement =
    (top.lexicalRank ?? Number.POSITIVE_INFINITY) <= AGREEMENT_RANK &&
    (top.denseRank ?? Number.POSITIVE_INFINITY) <= AGREEMENT_RANK;
  const answer =
    sentenceCoverage >= SENTENCE_COVERAGE_ALONE ||
    (sentenceCoverage >= SENTENCE_COVERAGE_WITH_PASSAGE && best >= PASSAGE_COVERAGE);
  return { answer, sentenceCoverage, passageCoverage: best, coveringPassage, agreement };
}
