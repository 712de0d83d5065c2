/**
 * Which passages an answer shows as citation cards, in which order: the passages it quotes, then,
 * as further reading, others that also cover the question, up to a handful. All in retrieval order,
 * so the best-ranked card is [1] even when a later passage holds the best sentence (it was more
 * often the right page: hit@1 on our sets drops by 1.5 to 5 points when quoted passages go first).
 */
import type { Passage } from '../retrieval/hybrid.ts';
import { type Decision, passageCoverage } from './decide.ts';
import type { QueryTerms } from './evidence.ts';

/** Cards shown under an answer. */
export const MAX_CITATIONS = 5;

/**
 * An unquoted passage is a further-reading card only if it covers this much of the question's
 * weighted words, read whole with its title and heading path as the decision reads it. At 0.5 the
 * right passage of a question asked in other words was often left out (informal questions: hit@5
 * 0.634 → 0.707 at 0.3, crpa-faq 0.579 → 0.632); below 0.3 a card with little of the question
 * began to come before the passage quoted.
 */
export const MIN_EXTRA_COVERAGE = 0.3;

/**
 * A passage the dense index ranks among its first few is further reading too, whatever words it
 * shares: the question asked in other words than the document's. Simulated on `npm run calibrate`
 * data (hit@5 of the cards, 2026-12), with e5: informal 0.951 → 0.976, pdf-guides 0.974 → 1.000,
 * crpa-faq 0.711 → 0.763, piaf-dev 0.930 → 0.936, our set unchanged, for half a card more on
 * average; the built-in model's ranks gain about as much.
 */
export const EXTRA_DENSE_RANK = 3;

/**
 * A declined question whose best passage (the decision's `coveringPassage`) covers at least half
 * of its weighted words was often asked in other words than the documents use. `npm run eval` reports how that passage does: offered
 * for about half of the answerable questions declined, it is the right place for 72 % of them on
 * piaf-dev and all of them on our sets; it also comes with a third of our right refusals or fewer.
 * Offered apart, as a document to look at that may not answer, it helps the first without
 * misleading the second.
 */
export const RELATED_MIN_COVERAGE = 0.5;

/**
 * No document is offered when one word the passages lack holds this share of the question or more:
 * that word is what the question is about. « Quelle est la météo demain ? » was offered « petites
 * Villes de Demain »: « demain » made half the question and « météo », which no document uses, the
 * other half. On our sets, every declined question whose offered passage was the right place lacked
 * at most 0.28 of its weight in one word (a misspelt or story word among several).
 */
export const RELATED_MAX_MISSING_WORD = 0.4;

/**
 * Nor when the words the documents never use hold half the question or more: whatever a passage
 * shares with it, the documents do not speak of it (0.46 at most among the right places offered).
 */
export const RELATED_MAX_UNKNOWN_SHARE = 0.5;

/**
 * With a decline: the index of the passage to offer as a document to look at, if any: one that covers
 * half the question, when the documents do speak of what it asks.
 */
export function relatedPassage(decision: Decision): number | undefined {
  const { heaviestMissing, unknownShare } = decision.features;
  if (heaviestMissing >= RELATED_MAX_MISSING_WORD || unknownShare >= RELATED_MAX_UNKNOWN_SHARE)
    return undefined;
  return decision.passageCoverage >= RELATED_MIN_COVERAGE ? decision.coveringPassage : undefined;
}

/** Indexes into `passages` of the cards to show, in order; `quoted` are those the answer quotes. */
export function chooseCards(terms: QueryTerms, passages: Passage[], quoted: number[]): number[] {
  const cards = [...new Set(quoted)];
  passages.forEach((p, i) => {
    if (cards.length >= MAX_CITATIONS || cards.includes(i)) return;
    const near = (p.denseRank ?? Number.POSITIVE_INFINITY) <= EXTRA_DENSE_RANK;
    if (near || passageCoverage(terms, p) >= MIN_EXTRA_COVERAGE) cards.push(i);
  });
  return cards.sort((a, b) => a - b);
}
