/**
 * Embedding choices stated explicitly, saved in the index manifest, and compared on load: an index
 * built with another model cannot be searched with this one.
 */
/** How a server is told a question from a passage (./openai-api.ts). */
export type EmbeddingRoles = 'input_type' | 'prefix' | 'none';

export interface EmbeddingSpec {
  /** In this process (Transformers.js), or a server speaking the OpenAI embeddings API. Default: transformers. */
  provider?: 'transformers' | 'openai-api';
  /**
   * Transformers.js model id or local folder name (`citadoc-ngram-fr`, `Xenova/multilingual-e5-small`),
   * or the server's model name (`multilingual-e5-small-q4`).
   */
  modelId: string;
  dimensions: number;
  pooling: 'mean' | 'cls';
  normalize: boolean;
  /** Prepended to questions (`query: ` for e5 models). */
  queryPrefix: string;
  /** Prepended to passages (`passage: ` for e5 models). */
  passagePrefix: string;
  /** For a server: how roles are sent (prefixes above, or the `input_type` field). */
  roles?: EmbeddingRoles;
}

export interface Embedder {
  readonly spec: EmbeddingSpec;
  embedQuery(text: string): Promise<Float32Array>;
  embedPassages(texts: string[]): Promise<Float32Array[]>;
}
