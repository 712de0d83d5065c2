/**
 * Retrieval settings in one place, each with its reason. Tuned on French evaluation sets as a whole
 * (`npm run eval`), never on one question.
 */
import { detectModelFamily } from '../embedding/index.ts';

/** Candidates each index returns before fusion: enough that a passage ranked low by one index but
 * high by the other still meets its second vote. */
export const CANDIDATES_PER_INDEX = 50;

/** Reciprocal-rank-fusion constant. Cormack et al. (2009) use 60 for voters of equal strength; with
 * 60 a weak voter's first rank outweighs the gap between the lexical first and second ranks, which
 * cost 11 points of hit@1 on piaf-dev. 10 keeps the lexical order unless the dense vote is clear. */
export const RRF_K = 10;

/** The lexical index carries exact words, names and numbers — what most French questions hinge on. */
export const LEXICAL_WEIGHT = 1;

/**
 * The dense vote's weight depends on what the model knows. The default model (character n-grams)
 * adds typo and word-form tolerance, mostly felt in hit@5, so it votes with a tenth of the lexical
 * weight (measured on piaf-dev, crpa-faq and our sets). A pretrained sentence model (e5, bge-m3,
 * nomic, sentence-transformers) carries what the words miss, paraphrases, and votes as much as the
 * lexical index: the usual hybrid of BM25 and a dense retriever. That second figure is not measured
 * here, where no pretrained model can be fetched; `npm run eval -- <set> --model <id>` measures it
 * where one can.
 */
export const DENSE_WEIGHT_NGRAM = 0.1;
export const DENSE_WEIGHT_PRETRAINED = 1;

/** A model of meaning, as opposed to the built-in character n-grams. */
export function isPretrained(modelId: string): boolean {
  return detectModelFamily(modelId) !== 'citadoc-ngram';
}

export function denseWeightFor(modelId: string): number {
  return isPretrained(modelId) ? DENSE_WEIGHT_PRETRAINED : DENSE_WEIGHT_NGRAM;
}

/** Neighbouring chunks both retrieved are shown as one passage, up to this length. */
export const MAX_MERGED_CHARS = 1800;

/** Two passages sharing this share of their word trigrams say the same thing: show one. */
export const NEAR_DUPLICATE_JACCARD = 0.8;
