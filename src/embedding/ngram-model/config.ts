/**
 * The numbers that define the default model, `citadoc-ngram-fr`. They come from code, never from the
 * documents, so vectors stay comparable across incremental re-ingests. Changing any of them changes
 * every vector: bump MODEL_VERSION so the index manifest refuses an index built with the old numbers.
 */

export const DEFAULT_MODEL_ID = 'citadoc-ngram-fr';

/**
 * Written into config.json and the ONNX metadata; a model folder of another version is rebuilt.
 * 2: mean pooling and normalisation inside the graph (./graph.ts). 3: one gather per kind of
 * n-gram, for memory. Same vectors within 1e-6 as version 1, so indexes built with it stay valid.
 * 4: `onnx/model.onnx` gives token vectors again, for any Transformers.js consumer (LangChain's
 * HuggingFaceTransformersEmbeddings pools them itself); the pooled graph is `onnx/model_pooled.onnx`,
 * which our loader asks for by name.
 */
export const MODEL_VERSION = 4;

/** The pooled graph's file under `onnx/`, without `.onnx` (Transformers.js's `model_file_name`). */
export const POOLED_MODEL_FILE = 'model_pooled';

/**
 * Output width. A random projection keeps cosines within about 1/sqrt(DIMENSIONS) of the exact
 * n-gram-count cosine: 256 gives ±0.06, enough to rank passages, and keeps the index small.
 */
export const DIMENSIONS = 256;

/**
 * Rows of the random table each n-gram length is hashed into, and the magnitude of its ±w entries
 * (its weight in the sum: longer n-grams say more about the word, bigrams mostly about spelling).
 * French text has about a thousand distinct bigrams, ten thousand trigrams and a few tens of
 * thousands of 4-grams: these sizes keep collisions rare, and at one signed byte per cell the whole
 * table is about 13 MiB.
 */
export const NGRAMS = [
  { length: 2, buckets: 2 ** 12, weight: 1 },
  { length: 3, buckets: 2 ** 14, weight: 2 },
  { length: 4, buckets: 2 ** 15, weight: 3 },
] as const;

/** Seeds the table: the same seed gives the same model, byte for byte, on every machine. */
export const TABLE_SEED = 0x5eed_c17a;

/** Longest tokenized text, in characters (one token per character); longer passages are truncated. */
export const MAX_TOKENS = 4096;

/**
 * Weight of the fixed vector added at [CLS], so that a text with no content word (only stop words)
 * still gets a unit vector instead of 0/0. Small enough not to move a real text's vector.
 */
export const EMPTY_TEXT_WEIGHT = 1e-4;
