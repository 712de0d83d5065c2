/**
 * Segment graphs shared by the versions that hold them. A segment's graph file is written once and
 * hard-linked into every later version that keeps the segment; a deletion is listed in the
 * version's manifest, never written into the graph (./store.ts). So two versions can search one
 * graph, each leaving out its own deleted passages (`SegmentGraph`): loading the version a
 * one-document update wrote reads the new segment's graph alone, and while a thread switches it holds
 * the graphs once, not twice (at 100,000 passages, about 120 MB read and held again before).
 *
 * A graph is known by its file's identity (device, inode, size, modification time), which a hard
 * link keeps and a rewritten file does not. The cache holds graphs weakly: a graph no served version
 * holds any more is left to the garbage collector (hnswlib-node frees its memory then), and read again
 * if a version asks for it after that.
 */
import { stat } from 'node:fs/promises';
import type { DenseHit, DenseIndex, DensePart } from './dense.ts';

/**
 * A segment's graph as one version sees it: the version's deleted passages are filtered out of
 * every search, the graph itself is left as it is for the other versions that search it. hnswlib
 * treats a filtered-out point as it treats one marked deleted (walked through, never returned), so
 * the hits are those `markDelete` gave.
 */
export class SegmentGraph implements DensePart {
  private readonly keep?: (label: number) => boolean;

  constructor(
    readonly graph: DenseIndex,
    readonly deleted: ReadonlySet<number>,
  ) {
    if (deleted.size > 0) this.keep = (label) => !deleted.has(label);
  }

  get size(): number {
    return this.graph.size - this.deleted.size;
  }

  /** Labels of the points a search can return. */
  liveLabels(): number[] {
    return this.graph.liveLabels().filter((label) => !this.deleted.has(label));
  }

  vector(label: number): Float32Array {
    return this.graph.vector(label);
  }

  search(vector: Float32Array, k: number, filter?: (label: number) => boolean): DenseHit[] {
    const n = Math.min(k, this.size);
    if (n <= 0) return [];
    const keep = this.keep;
    const allowed = keep && filter ? (label: number) => keep(label) && filter(label) : (keep ?? filter);
    return this.graph.search(vector, n, allowed);
  }
}

/** What tells a file from another, and from itself rewritten: kept by a hard link, not by a copy. */
export async function fileIdentity(file: string): Promise<string> {
  const { dev, ino, size, mtimeMs } = await stat(file);
  return `${dev}:${ino}:${size}:${mtimeMs}`;
}

/**
 * What a thread read from a file, held as long as something uses it and shared by every version
 * that holds the file: a segment's graph, or its passages' file (the header parsed, 3 to 20 ms a
 * segment of 25,000 passages, and a descriptor). Known by the file's identity, so a hard link finds
 * it and a rewritten file does not; held weakly, so what no served version holds is collected.
 */
export class FileCache<T extends object> {
  private readonly held = new Map<string, WeakRef<T>>();
  private readonly reading = new Map<string, Promise<T>>();
  private readonly collected = new FinalizationRegistry<string>((key) => {
    if (this.held.get(key)?.deref() === undefined) this.held.delete(key);
  });
  /** Files read, for tests and benchmarks. */
  reads = 0;

  /**
   * What `read` makes of `file` unless it is still held (for the same `variant`: a graph read with
   * other dimensions is another); two versions asking at once share one read.
   */
  async get(file: string, read: () => Promise<T>, variant = ''): Promise<T> {
    const key = `${await fileIdentity(file)}:${variant}`;
    const held = this.held.get(key)?.deref();
    if (held) return held;
    const pending = this.reading.get(key);
    if (pending) return pending;
    const reading = read().then(
      (value) => {
        this.reading.delete(key);
        this.held.set(key, new WeakRef(value));
        this.collected.register(value, key);
        this.reads++;
        return value;
      },
      (error: unknown) => {
        this.reading.delete(key);
        throw error;
      },
    );
    this.reading.set(key, reading);
    return reading;
  }
}
