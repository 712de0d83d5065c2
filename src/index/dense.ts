/**
 * The dense index: hnswlib-node's HNSW graph, wrapped by us rather than through LangChain's HNSWLib
 * store, because that store cannot delete one document's chunks (incremental re-ingest needs
 * `markDelete`) and never sets the search-time `ef` (its recall then depends on hnswlib's default of 10).
 */
import { createRequire } from 'node:module';
import type { HierarchicalNSW as HnswType } from 'hnswlib-node';
import type { LabelSet } from './label-set.ts';

export interface DenseParams {
  /** Graph degree: 16 is hnswlib's recommended middle ground for a few thousand to a million points. */
  M: number;
  /** Build-time candidate list: 200 gives near-exact graphs at this corpus size for little build time. */
  efConstruction: number;
  /** Search-time candidate list: at least the number of neighbours asked, here enough for ~99 % recall. */
  ef: number;
}

export const DEFAULT_DENSE_PARAMS: DenseParams = { M: 16, efConstruction: 200, ef: 128 };

/** Grow capacity by this factor when full, so adding documents one by one stays cheap. */
const GROWTH_FACTOR = 1.5;
const MIN_CAPACITY = 256;
/** Fixed so that two builds of the same corpus give the same graph. */
const RANDOM_SEED = 100;

let hnswModule: typeof import('hnswlib-node') | undefined;

/** The native module is loaded once, on first use, with a message that says what to do if it is missing. */
function loadHnsw(): typeof import('hnswlib-node') {
  if (hnswModule) return hnswModule;
  try {
    hnswModule = createRequire(import.meta.url)('hnswlib-node') as typeof import('hnswlib-node');
    return hnswModule;
  } catch (error) {
    throw new Error(
      `hnswlib-node n'a pas pu être chargé (${(error as Error).message}). Lancez « npm ci » (il compile le module natif avec node-gyp).`,
    );
  }
}

export interface DenseHit {
  label: number;
  /** Cosine similarity, 1 for identical directions. */
  similarity: number;
}

/**
 * What retrieval searches: the graphs of an index's segments (`DenseSegments`), in this thread or in
 * the thread that holds them for all answer threads (../assistant/graph-thread.ts): so the search
 * is asynchronous, and its filter is data (the labels allowed), not a function.
 */
export interface DenseSearcher {
  nearest(vector: Float32Array, k: number, allowed?: LabelSet): Promise<DenseHit[]>;
}

export class DenseIndex implements DenseSearcher, DensePart {
  private deleted = new Set<number>();

  private constructor(
    private readonly hnsw: HnswType,
    readonly dimensions: number,
    readonly params: DenseParams,
  ) {}

  static create(
    dimensions: number,
    params: DenseParams = DEFAULT_DENSE_PARAMS,
    capacity = MIN_CAPACITY,
  ): DenseIndex {
    const { HierarchicalNSW } = loadHnsw();
    const hnsw = new HierarchicalNSW('cosine', dimensions);
    hnsw.initIndex({
      maxElements: Math.max(capacity, MIN_CAPACITY),
      m: params.M,
      efConstruction: params.efConstruction,
      randomSeed: RANDOM_SEED,
    });
    hnsw.setEf(params.ef);
    return new DenseIndex(hnsw, dimensions, params);
  }

  /**
   * Reads a graph written by `save`, and marks `deleted` (a segment's file is never rewritten for a
   * deletion: the version's manifest lists its deleted labels, ../index/store.ts).
   */
  static load(file: string, dimensions: number, params: DenseParams, deleted: Iterable<number>): DenseIndex {
    const { HierarchicalNSW } = loadHnsw();
    const hnsw = new HierarchicalNSW('cosine', dimensions);
    hnsw.readIndexSync(file);
    return DenseIndex.loaded(hnsw, dimensions, params, deleted);
  }

  /** `load`, the file read on one of libuv's threads: the calling thread goes on answering. */
  static async loadAsync(
    file: string,
    dimensions: number,
    params: DenseParams,
    deleted: Iterable<number>,
  ): Promise<DenseIndex> {
    const { HierarchicalNSW } = loadHnsw();
    const hnsw = new HierarchicalNSW('cosine', dimensions);
    await hnsw.readIndex(file);
    return DenseIndex.loaded(hnsw, dimensions, params, deleted);
  }

  private static loaded(
    hnsw: HnswType,
    dimensions: number,
    params: DenseParams,
    deleted: Iterable<number>,
  ): DenseIndex {
    hnsw.setEf(params.ef);
    const index = new DenseIndex(hnsw, dimensions, params);
    for (const label of deleted) index.remove(label);
    return index;
  }

  /** Points that can be returned by a search. */
  get size(): number {
    return this.hnsw.getCurrentCount() - this.deleted.size;
  }

  get deletedCount(): number {
    return this.deleted.size;
  }

  get deletedLabels(): number[] {
    return [...this.deleted];
  }

  add(label: number, vector: Float32Array): void {
    if (vector.length !== this.dimensions) {
      throw new Error(`vecteur de dimension ${vector.length}, l'index attend ${this.dimensions}`);
    }
    if (this.hnsw.getCurrentCount() >= this.hnsw.getMaxElements()) {
      this.hnsw.resizeIndex(Math.ceil(this.hnsw.getMaxElements() * GROWTH_FACTOR));
    }
    this.hnsw.addPoint(Array.from(vector), label);
  }

  remove(label: number): void {
    if (this.deleted.has(label)) return;
    this.hnsw.markDelete(label);
    this.deleted.add(label);
  }

  /** Labels of the points that can be returned by a search. */
  liveLabels(): number[] {
    return this.hnsw.getIdsList().filter((label) => !this.deleted.has(label));
  }

  /** A point's vector as stored (normalised: the space is cosine), to copy it into another graph. */
  vector(label: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(label));
  }

  search(vector: Float32Array, k: number, filter?: (label: number) => boolean): DenseHit[] {
    const n = Math.min(k, this.size);
    if (n <= 0) return [];
    // hnswlib needs ef ≥ k to return k results; keep the configured ef as the floor.
    this.hnsw.setEf(Math.max(this.params.ef, n));
    const result = filter
      ? this.hnsw.searchKnn(Array.from(vector), n, filter)
      : this.hnsw.searchKnn(Array.from(vector), n);
    return result.neighbors.map((label, i) => ({ label, similarity: 1 - (result.distances[i] ?? 1) }));
  }

  async nearest(vector: Float32Array, k: number, allowed?: LabelSet): Promise<DenseHit[]> {
    return this.search(vector, k, allowed && ((label) => allowed.has(label)));
  }

  save(file: string): void {
    this.hnsw.writeIndexSync(file);
  }
}

/** A part of a version's dense index: a graph, or a segment's graph as a version sees it (./graph-cache.ts). */
export interface DensePart {
  /** Points a search can return. */
  readonly size: number;
  search(vector: Float32Array, k: number, filter?: (label: number) => boolean): DenseHit[];
}

/**
 * The graphs of an index's segments searched as one: each gives its k best, the k best of all are
 * kept. A graph per segment is what lets an update write only its own passages' graph.
 */
export class DenseSegments<Part extends DensePart = DensePart> implements DenseSearcher {
  constructor(readonly parts: readonly Part[]) {}

  async nearest(vector: Float32Array, k: number, allowed?: LabelSet): Promise<DenseHit[]> {
    return this.search(vector, k, allowed && ((label) => allowed.has(label)));
  }

  get size(): number {
    return this.parts.reduce((sum, part) => sum + part.size, 0);
  }

  search(vector: Float32Array, k: number, filter?: (label: number) => boolean): DenseHit[] {
    if (this.parts.length === 1) return this.parts[0]!.search(vector, k, filter);
    return this.parts
      .flatMap((part) => part.search(vector, k, filter))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, Math.max(k, 0));
  }
}
