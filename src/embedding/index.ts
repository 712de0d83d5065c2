/**
 * Text → vectors. The default model is built by the project from code (`citadoc-ngram-fr`); a
 * pretrained Transformers.js model is one option away. Everything else in this folder is internal.
 */

// Adapters
export { toLangChainEmbeddings } from './langchain.ts';
// Loading an embedder
export {
  configuredEmbedding,
  DEFAULT_BATCH_SIZE,
  type LoadEmbedderOptions,
  loadEmbedder,
  ModelLoadError,
} from './load-embedder.ts';
export { detectModelFamily, MODEL_FAMILIES, type ModelFamilyName } from './model-families.ts';
// The default model
export { type BuiltModel, buildDefaultModel, ensureDefaultModel } from './ngram-model/build.ts';
export { DEFAULT_MODEL_ID } from './ngram-model/config.ts';
export {
  type ApiEmbedderOptions,
  ApiEmbeddingClient,
  createApiEmbedder,
  EmbeddingServerError,
  loadApiEmbedder,
} from './openai-api.ts';

export type { Embedder, EmbeddingRoles, EmbeddingSpec } from './types.ts';
