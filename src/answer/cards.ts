/**
 * Which passages an answer shows as citation cards, in which order: the passages it quotes, then,
 * as further reading, others that also cover the question, up to a handful. All in retrieval order,
 * so the best-ranked card is [1] even when a later passage holds the best sentence (it was more
 * often the right page: hit@1 on our sets drops by 1.5 to 5 points when quoted passages go first).
 */
import type { Passage } from '../retrieval/hybrid.ts';
import { coverage, type QueryTerms } from './evidence.ts';

/** Cards shown under an answer. */
export const MAX_CITATIONS = 5;

/**
 * An unquoted passage is a further-reading card only if it covers this much of the question's
 * weighted words. At 0.5 the right passage of a question asked in other words was often left out
 * (informal questions: hit@5 0.634 → 0.707 at 0.3, crpa-faq 0.579 → 0.632); below 0.3 a card with
 * little of the question began to come before the passage quoted.
 */
export const MIN_EXTRA_COVERAGE = 0.3;

/** Indexes into `passages` of the cards to show, in order; `quoted` are those the answer quotes. */
export function chooseCards(terms: QueryTerms, passages: Passage[], quoted: number[]): number[] {
  const cards = [...new Set(quoted)];
  passages.forEach((p, i) => {
    if (cards.length >= MAX_CITATIONS || cards.includes(i)) return;
    if (coverage(terms, `${p.headingPath.join(' ')} ${p.text}`) >= MIN_EXTRA_COVERAGE) cards.push(i);
  });
  return cards.sort((a, b) => a - b);
}
