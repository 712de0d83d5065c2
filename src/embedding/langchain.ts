/**
 * The same embeddings, seen as LangChain `Embeddings`, so a plain LangChain pipeline (an HNSWLib
 * store, say) can be benchmarked against ours on equal vectors. Prefixes and batching stay the
 * Embedder's: LangChain only sees arrays of numbers.
 */
import { Embeddings } from '@langchain/core/embeddings';
import type { Embedder } from './types.ts';

class EmbedderEmbeddings extends Embeddings {
  constructor(private readonly embedder: Embedder) {
    super({});
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const vectors = await this.embedder.embedPassages(documents);
    return vectors.map((vector) => Array.from(vector));
  }

  async embedQuery(document: string): Promise<number[]> {
    return Array.from(await this.embedder.embedQuery(document));
  }
}

export function toLangChainEmbeddings(embedder: Embedder): Embeddings {
  return new EmbedderEmbeddings(embedder);
}
