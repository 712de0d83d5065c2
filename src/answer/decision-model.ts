/**
 * The decision's logistic models, fitted by `npm run calibrate` (tests/eval/calibrate.ts) on the
 * evaluation sets' questions; see that script for the data, the weighting and the cross-validation.
 * Written by the script: do not edit by hand.
 */
import type { DecisionFeatures } from './decide.ts';

export interface DecisionModel {
  intercept: number;
  weights: Partial<Record<keyof DecisionFeatures, number>>;
  /** Answer when the probability reaches this. */
  threshold: number;
}

export const DECISION_MODELS = {
  lexical: {
    intercept: -4,
    weights: { sentenceCoverage: 5, passageCoverage: 3 },
    threshold: 0.5,
  },
  semantic: {
    intercept: -4,
    weights: { sentenceCoverage: 5, passageCoverage: 3 },
    threshold: 0.5,
  },
} satisfies Record<string, DecisionModel>;

/** Re-ranking weights (rerank.ts): lexical score relative to the best, best sentence's coverage, similarity. */
export const RERANK_WEIGHTS = {
  lexical: { lexical: 1, sentence: 1, similarity: 0 },
  semantic: { lexical: 1, sentence: 1, similarity: 0 },
};
