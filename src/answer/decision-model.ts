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
    intercept: -4.8068,
    weights: { sentenceCoverage: 2.803, passageCoverage: 5.7465, unknownShare: -0.8129 },
    threshold: 0.3333,
  },
  semantic: {
    intercept: -4.8573,
    weights: {
      sentenceCoverage: 3.0464,
      passageCoverage: 4.0107,
      unknownShare: -1.2631,
      meaningRank: 2.1144,
    },
    threshold: 0.3333,
  },
} satisfies Record<string, DecisionModel>;

/** Re-ranking weights (rerank.ts): lexical score relative to the best, best sentence's coverage, similarity. */
export const RERANK_WEIGHTS = {
  lexical: { lexical: 1, sentence: 1.5, similarity: 0 },
  semantic: { lexical: 1, sentence: 0.5, similarity: 10 },
};
