/**
 * Retrieval settings in one place, each with its reason. Tuned on French evaluation sets as a whole
 * (`npm run eval`), never on one question.
 */

/** Candidates each index returns before fusion: enough that a passage ranked low by one index but
 * high by the other still meets its second vote. */
export const CANDIDATES_PER_INDEX = 50;

/** Reciprocal-rank-fusion constant (Cormack et al. 2009 use 60): damps the difference between the
 * very first ranks so one index cannot outvote the other on its own. */
export const RRF_K = 60;

/** The lexical index carries exact words, names and numbers — what most French questions hinge on;
 * the default dense model adds typo and word-form tolerance, so it votes with less weight. */
export const LEXICAL_WEIGHT = 1;
export const DENSE_WEIGHT = 0.25;

/** Neighbouring chunks both retrieved are shown as one passage, up to this length. */
export const MAX_MERGED_CHARS = 1800;

/** Two passages sharing this share of their word trigrams say the same thing: show one. */
export const NEAR_DUPLICATE_JACCARD = 0.8;
