/**
 * Retrieval settings in one place, each with its reason. Tuned on French evaluation sets as a whole
 * (`npm run eval`), never on one question.
 */

/** Candidates each index returns before fusion: enough that a passage ranked low by one index but
 * high by the other still meets its second vote. */
export const CANDIDATES_PER_INDEX = 50;

/** Reciprocal-rank-fusion constant. Cormack et al. (2009) use 60 for voters of equal strength; with
 * 60 a weak voter's first rank outweighs the gap between the lexical first and second ranks, which
 * cost 11 points of hit@1 on piaf-dev. 10 keeps the lexical order unless the dense vote is clear. */
export const RRF_K = 10;

/** The lexical index carries exact words, names and numbers — what most French questions hinge on;
 * the default dense model (character n-grams) adds typo and word-form tolerance, mostly felt in
 * hit@5, so it votes with a tenth of the weight (measured on piaf-dev, crpa-faq and our sets). */
export const LEXICAL_WEIGHT = 1;
export const DENSE_WEIGHT = 0.1;

/** Neighbouring chunks both retrieved are shown as one passage, up to this length. */
export const MAX_MERGED_CHARS = 1800;

/** Two passages sharing this share of their word trigrams say the same thing: show one. */
export const NEAR_DUPLICATE_JACCARD = 0.8;
