/**
 * What each family of embedding models expects around the text: prefixes for questions and
 * passages, pooling, normalisation. Getting these wrong does not fail, it silently ranks worse
 * (an e5 model without `query: ` loses several points of recall), so they are stated here once and
 * written into the index manifest through the EmbeddingSpec.
 */

import { DEFAULT_MODEL_ID } from './ngram-model/config.ts';
import type { EmbeddingSpec } from './types.ts';

export type ModelFamily = Pick<EmbeddingSpec, 'pooling' | 'normalize' | 'queryPrefix' | 'passagePrefix'>;

export const MODEL_FAMILIES = {
  /** Our n-gram model: no prefixes (they would only add the same n-grams to every text). */
  'citadoc-ngram': { pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '' },
  /** intfloat/e5 and multilingual-e5 (Xenova/ ports): trained with these exact prefixes. */
  e5: { pooling: 'mean', normalize: true, queryPrefix: 'query: ', passagePrefix: 'passage: ' },
  /** nomic-embed-text v1/v1.5. */
  nomic: {
    pooling: 'mean',
    normalize: true,
    queryPrefix: 'search_query: ',
    passagePrefix: 'search_document: ',
  },
  /** BAAI/bge-m3 (multilingual): CLS pooling, no prefixes. */
  'bge-m3': { pooling: 'cls', normalize: true, queryPrefix: '', passagePrefix: '' },
  /** sentence-transformers models (paraphrase-multilingual-*, all-MiniLM-*) and anything unknown. */
  plain: { pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '' },
} as const satisfies Record<string, ModelFamily>;

export type ModelFamilyName = keyof typeof MODEL_FAMILIES;

/** Recognised from the model id; the first match wins. */
const ID_PATTERNS: readonly [RegExp, ModelFamilyName][] = [
  [new RegExp(`(^|/)${DEFAULT_MODEL_ID}$`), 'citadoc-ngram'],
  [/(^|\/)(multilingual-)?e5-/i, 'e5'],
  [/nomic-embed-text/i, 'nomic'],
  [/bge-m3/i, 'bge-m3'],
];

export function detectModelFamily(modelId: string): ModelFamilyName {
  return ID_PATTERNS.find(([pattern]) => pattern.test(modelId))?.[1] ?? 'plain';
}
