/**
 * Query → ranked passages: lexical (BM25F, French analysis, typo tolerance) and dense (HNSW) results
 * fused by their scores brought to a common scale (tuning.ts), filtered by document, kind or year, neighbouring chunks of one
 * passage merged and near-duplicates dropped.
 */
import type { Embedder } from '../embedding/types.ts';
import type { DenseSearcher } from '../index/dense.ts';
import { LabelSet } from '../index/label-set.ts';
import type { IndexedDocument } from '../index/manifest.ts';
import type { LoadedIndex, StoredChunk } from '../index/store.ts';
import type { ChunkDraft } from '../ingest/types.ts';
import { dropNearDuplicates, mergeNeighbours } from './merge.ts';
import { CANDIDATES_PER_INDEX, isPretrained, lexicalShareFor } from './tuning.ts';

/** What retrieval reads: the loaded index, its documents by id, and the model that embeds questions. */
export interface SearchableIndex<Dense extends DenseSearcher = DenseSearcher> {
  index: LoadedIndex<Dense>;
  documents: Map<string, IndexedDocument>;
  embedder: Embedder;
}

export interface PassageFilters {
  document?: string;
  kind?: string;
  /** Four digits. */
  year?: string;
}

export interface RetrieveOptions extends PassageFilters {
  k: number;
}

/** How both indexes voted for a chunk or passage. */
export interface Votes {
  /** Fused score (higher is better). */
  score: number;
  /** 1-based ranks in each index, when it was among that index's candidates. */
  lexicalRank?: number;
  denseRank?: number;
  lexicalScore: number;
  similarity: number;
  /** Folded query words found in it. */
  matched: string[];
}

/** One passage as shown and cited: one chunk, or neighbouring chunks merged. */
export interface Passage
  extends Votes,
    Pick<ChunkDraft, 'text' | 'headingPath' | 'page' | 'pageEnd' | 'start' | 'end'> {
  labels: number[];
  doc: IndexedDocument;
  ocr: boolean;
  /** Its chunks' sentence vectors, when the index has them (./sentence-vectors.ts). */
  sentenceVectors?: string[];
  /** Heading paths of the chunks merged into this passage beyond its own: their lines are titles too. */
  mergedHeadings?: string[];
}

/** A candidate before merging: one chunk with its votes. */
export interface Candidate extends Votes {
  chunk: StoredChunk;
  doc: IndexedDocument;
}

/**
 * The passages the filters allow, as data: the graphs may be searched in another thread
 * (../assistant/graph-thread.ts), where a function cannot go. A document's labels in the manifest
 * are its live passages.
 */
function allowedLabels(searchable: SearchableIndex, filters: PassageFilters): LabelSet | undefined {
  if (!filters.document && !filters.kind && !filters.year) return undefined;
  const labels: number[] = [];
  for (const doc of searchable.documents.values()) {
    if (filters.document && doc.id !== filters.document) continue;
    if (filters.kind && doc.meta.kind !== filters.kind) continue;
    if (filters.year && !doc.meta.date?.startsWith(filters.year)) continue;
    for (const label of doc.labels) labels.push(label);
  }
  return LabelSet.of(labels);
}

/**
 * The question's vector, or none when the model cannot embed it now (an embeddings server that is
 * away or slow): the lexical index then answers alone rather than the resident getting an error.
 * The embedder reports its own failures (./embedding/health.ts); here they only change the search.
 */
async function embedQuestion(embedder: Embedder, query: string): Promise<Float32Array | undefined> {
  try {
    return await embedder.embedQuery(query);
  } catch {
    return undefined;
  }
}

/** Both indexes' candidates, fused; `dense` says whether the dense index could vote. */
export async function searchCandidates(
  searchable: SearchableIndex,
  query: string,
  filters: PassageFilters = {},
): Promise<Candidate[] & { dense?: boolean; denseSimilarities?: number[]; vector?: Float32Array }> {
  const { index, documents, embedder } = searchable;
  const allowed = allowedLabels(searchable, filters);
  const filter = allowed && ((label: number) => allowed.has(label));
  const lexical = index.lexical.search(query, { k: CANDIDATES_PER_INDEX, filter });
  const vector = await embedQuestion(embedder, query);
  const dense = vector ? await index.dense.nearest(vector, CANDIDATES_PER_INDEX, allowed) : [];
  // Without the question's vector (embeddings server away), the lexical index decides alone.
  const lexicalShare = vector ? lexicalShareFor(embedder.spec.modelId) : 1;
  const bestLexical = lexical[0]?.score ?? 0;
  const bestSimilarity = dense[0]?.similarity ?? 0;
  const weakestSimilarity = dense.at(-1)?.similarity ?? 0;
  const similaritySpan = bestSimilarity - weakestSimilarity;

  const byLabel = new Map<number, Candidate>();
  const candidate = (label: number): Candidate | undefined => {
    let found = byLabel.get(label);
    if (found) return found;
    const chunk = index.chunks.get(label);
    const doc = chunk && documents.get(chunk.docId);
    if (!chunk || !doc) return undefined;
    found = { chunk, doc, score: 0, lexicalScore: 0, similarity: 0, matched: [] };
    byLabel.set(label, found);
    return found;
  };
  lexical.forEach((hit, i) => {
    const c = candidate(hit.label);
    if (!c) return;
    c.lexicalRank = i + 1;
    c.lexicalScore = hit.score;
    c.matched = hit.matched;
    c.score += bestLexical > 0 ? (lexicalShare * hit.score) / bestLexical : 0;
  });
  dense.forEach((hit, i) => {
    const c = candidate(hit.label);
    if (!c) return;
    c.denseRank = i + 1;
    c.similarity = hit.similarity;
    c.score +=
      similaritySpan > 0 ? ((1 - lexicalShare) * (hit.similarity - weakestSimilarity)) / similaritySpan : 0;
  });
  return Object.assign(
    [...byLabel.values()].sort((a, b) => b.score - a.score),
    {
      dense: vector !== undefined,
      denseSimilarities: dense.map((hit) => hit.similarity),
      vector,
    },
  );
}

export interface Retrieved {
  passages: Passage[];
  /** Whether the question was searched by meaning too (a pretrained model that could embed it). */
  semantic: boolean;
  /**
   * The dense index's similarities to the question, best first (its CANDIDATES_PER_INDEX first):
   * how much the best passages stand out from the rest says more than their similarity alone,
   * whose level differs from one corpus to another.
   */
  denseSimilarities: number[];
  /** The question's vector, when it was searched by meaning: the quoted sentences are chosen with it. */
  queryVector?: Float32Array;
}

/** Passages, and whether a model of meaning took part (the answerer's decision depends on it). */
export async function retrievePassages(
  searchable: SearchableIndex,
  query: string,
  options: RetrieveOptions,
): Promise<Retrieved> {
  const candidates = await searchCandidates(searchable, query, options);
  const semantic = candidates.dense === true && isPretrained(searchable.embedder.spec.modelId);
  return {
    passages: dropNearDuplicates(mergeNeighbours(candidates), options.k),
    semantic,
    denseSimilarities: candidates.denseSimilarities ?? [],
    ...(semantic && candidates.vector ? { queryVector: candidates.vector } : {}),
  };
}

export async function retrieve(
  searchable: SearchableIndex,
  query: string,
  options: RetrieveOptions,
): Promise<Passage[]> {
  return (await retrievePassages(searchable, query, options)).passages;
}
