/**
 * Whether the retrieved passages support an answer. A similarity threshold alone cannot tell an
 * off-corpus question from a hard in-corpus one (both get mediocre scores), so several signals are
 * read together and weighed by a logistic model fitted on evaluation data (./decision-model.ts,
 * written by `npm run calibrate`, cross-validated across sets and corpora), never by hand:
 *
 * - how much of the question's content the best sentence covers, and the best of the first passages
 *   read whole, with words the documents never use counting as uncovered (`evidence.ts`);
 * - with a sentence model of meaning (a pretrained model, `EMBEDDINGS_URL`), how close the best
 *   passages are to the question in meaning, and whether both indexes put the first one near the top.
 *   The built-in model compares character n-grams: its similarity is a second lexical view, so the
 *   lexical decision does without it; a pretrained model that agrees for reasons of meaning earns it.
 *
 * Which model applies depends on what retrieval had for this question: when the embeddings server
 * is away, the question is answered from the lexical index and decided by the lexical model.
 */
import type { Passage } from '../retrieval/hybrid.ts';
import { DECISION_MODELS, type DecisionModel } from './decision-model.ts';
import { coverage, heaviestMissing, type QueryTerms } from './evidence.ts';
import type { ScoredSentence } from './extractive.ts';

/** Passages read whole for the decision. */
export const PASSAGES_READ = 3;
/** "Agree": the passage is among this many first results of each index. */
export const AGREEMENT_RANK = 10;

/** What the decision reads, each in [0, 1] or close. */
export interface DecisionFeatures {
  sentenceCoverage: number;
  passageCoverage: number;
  /** Cosine similarity of the first passage to the question (0 without a model of meaning). */
  similarity: number;
  /** The highest among the first passages. */
  bestSimilarity: number;
  /** 1 when both indexes rank the first passage among their first AGREEMENT_RANK. */
  agreement: number;
  /**
   * 1 / the rank the dense index gives the passage shown first (0 when it is not among its
   * candidates): with a model of meaning, whether what the words put first also means what was asked.
   */
  meaningRank: number;
  /** The least, among the first passages, of the heaviest question word each lacks (evidence.ts). */
  heaviestMissing: number;
  /** Share of the question's weight in words the documents never use. */
  unknownShare: number;
}

export type DecisionMode = keyof typeof DECISION_MODELS;

export interface Decision {
  answer: boolean;
  /** Estimated probability that the documents answer the question. */
  confidence: number;
  mode: DecisionMode;
  features: DecisionFeatures;
  sentenceCoverage: number;
  /** The most any of the first passages covers, read whole. */
  passageCoverage: number;
  /** Which of them that is (the first, on a tie); none when nothing was retrieved. */
  coveringPassage?: number;
}

/** A passage read whole, with its document's title and heading path. */
export function passageText(p: Passage): string {
  return `${p.doc.meta.title} ${p.headingPath.join(' ')} ${p.text}`;
}

/** How much of the question a passage covers, read whole with its document's title and heading path. */
export function passageCoverage(terms: QueryTerms, p: Passage): number {
  return coverage(terms, passageText(p));
}

function probability(model: DecisionModel, features: DecisionFeatures): number {
  let z = model.intercept;
  for (const [name, weight] of Object.entries(model.weights))
    z += weight * features[name as keyof DecisionFeatures];
  return 1 / (1 + Math.exp(-z));
}

/** The signals the decision reads, for the model and for calibration (`npm run calibrate`). */
export function decisionFeatures(
  terms: QueryTerms,
  passages: Passage[],
  scored: ScoredSentence[],
): DecisionFeatures & { coveringPassage?: number } {
  const top = passages[0];
  // The best sentence of the first passages, wherever it stands (as `npm run calibrate` reads it).
  const sentenceCoverage = Math.max(0, ...scored.map((s) => s.coverage));
  if (!top || terms.total === 0) {
    return {
      sentenceCoverage,
      passageCoverage: 0,
      similarity: 0,
      bestSimilarity: 0,
      agreement: 0,
      meaningRank: 0,
      heaviestMissing: 1,
      unknownShare: terms.unknownShare,
    };
  }
  const read = passages.slice(0, PASSAGES_READ);
  const coverages = read.map((p) => passageCoverage(terms, p));
  const best = Math.max(...coverages);
  const agreement =
    (top.lexicalRank ?? Number.POSITIVE_INFINITY) <= AGREEMENT_RANK &&
    (top.denseRank ?? Number.POSITIVE_INFINITY) <= AGREEMENT_RANK;
  return {
    sentenceCoverage,
    passageCoverage: best,
    coveringPassage: coverages.indexOf(best),
    similarity: top.similarity,
    bestSimilarity: Math.max(...read.map((p) => p.similarity)),
    agreement: agreement ? 1 : 0,
    meaningRank: top.denseRank ? 1 / top.denseRank : 0,
    heaviestMissing: Math.min(...read.map((p) => heaviestMissing(terms, passageText(p)))),
    unknownShare: terms.unknownShare,
  };
}

/**
 * `semantic` when the question was searched with a pretrained model of meaning; `lexical` with the
 * built-in model, or when the embeddings server could not embed this question.
 */
export function decideSupport(
  terms: QueryTerms,
  passages: Passage[],
  scored: ScoredSentence[],
  mode: DecisionMode,
): Decision {
  const { coveringPassage, ...features } = decisionFeatures(terms, passages, scored);
  const { sentenceCoverage, passageCoverage } = features;
  const shared = { mode, features, sentenceCoverage, passageCoverage, coveringPassage };
  if (passages.length === 0 || terms.total === 0) return { answer: false, confidence: 0, ...shared };
  const model = DECISION_MODELS[mode];
  const confidence = probability(model, features);
  return { answer: confidence >= model.threshold, confidence, ...shared };
}
