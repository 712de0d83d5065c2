/**
 * Embedding choices stated explicitly, saved in the index manifest, and compared on load: an index
 * built with another model cannot be searched with this one.
 */
export interface EmbeddingSpec {
  /** Transformers.js model id or local folder name, e.g. `citadoc-ngram-fr` or `Xenova/multilingual-e5-small`. */
  modelId: string;
  dimensions: number;
  pooling: 'mean' | 'cls';
  normalize: boolean;
  /** Prepended to questions (`query: ` for e5 models). */
  queryPrefix: string;
  /** Prepended to passages (`passage: ` for e5 models). */
  passagePrefix: string;
}

export interface Embedder {
  readonly spec: EmbeddingSpec;
  embedQuery(text: string): Promise<Float32Array>;
  embedPassages(texts: string[]): Promise<Float32Array[]>;
}
