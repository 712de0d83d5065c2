/**
 * Keeps an index's segments few and its deleted passages out of its files. An update deletes
 * passages by listing them in the manifest (their vectors stay in the segment's graph, marked), and
 * adds a segment: without compaction the graph files grew with every update (+10 % after one large
 * update at 100,000 passages) and each question searched one more graph. Here, as search engines
 * merge segments in the background of their writes:
 *
 *  - a segment whose passages are all deleted is dropped;
 *  - a segment whose deleted share reaches COMPACT_DELETED_SHARE is rewritten without them (its
 *    graph rebuilt from the vectors it holds: nothing is embedded again);
 *  - past MAX_SMALL_SEGMENTS small segments, they are merged into one.
 */
import { DenseIndex } from './dense.ts';
import { LexicalIndex } from './lexical.ts';
import type { IndexManifest, IndexSegment } from './manifest.ts';
import { newSegmentName, readSegmentParts, type SegmentContent } from './store.ts';

/**
 * A quarter of a segment deleted: its graph then holds a third more points than it serves. Lower
 * rewrites big segments often; higher lets the files and the search's work grow with dead points.
 */
export const COMPACT_DELETED_SHARE = 0.25;
/**
 * The most passages an ingestion builds into one segment, in memory at once (passages, lexical
 * index, graph): a full ingestion of 100,000 passages writes four, and no compaction rewrites more.
 */
export const SEGMENT_PASSAGES = 25_000;
/** Below this, a segment is small: what one-document updates leave, merged together. */
export const SMALL_SEGMENT_PASSAGES = 5_000;
/** Small segments kept before they are merged into one: each is one more graph searched per question. */
export const MAX_SMALL_SEGMENTS = 8;

export interface CompactionPlan {
  /** Segments with no live passage: left out of the next version. */
  dropped: string[];
  /** Each group of segments is written again as one segment, without its deleted passages. */
  rewritten: string[][];
}

const live = (s: IndexSegment) => s.passages - s.deleted.length;

/**
 * What to compact among `segments`; those named in `keep` (just written) are left as they are. As
 * in Lucene's tiered merges, only small segments are merged together, so a merge never costs more
 * than rebuilding a few thousand passages' graph, however large the index.
 */
export function planCompaction(segments: readonly IndexSegment[], keep: ReadonlySet<string>): CompactionPlan {
  const dropped = segments.filter((s) => !keep.has(s.name) && live(s) === 0).map((s) => s.name);
  const remaining = segments.filter((s) => !dropped.includes(s.name));
  const candidates = remaining.filter((s) => !keep.has(s.name));
  const small = candidates.filter((s) => live(s) < SMALL_SEGMENT_PASSAGES);
  const tooMany = remaining.filter((s) => live(s) < SMALL_SEGMENT_PASSAGES).length > MAX_SMALL_SEGMENTS;
  const names = new Set(tooMany && small.length > 1 ? small.map((s) => s.name) : []);
  const rewritten = candidates
    .filter((s) => !names.has(s.name) && s.deleted.length >= s.passages * COMPACT_DELETED_SHARE)
    .map((s) => [s.name]);
  return { dropped, rewritten: names.size > 0 ? [...rewritten, [...names]] : rewritten };
}

/** The segments named, from the version folder they are in, as one without their deleted passages. */
export async function compactSegments(
  dir: string,
  manifest: IndexManifest,
  names: readonly string[],
): Promise<SegmentContent> {
  const segments = names.map((name) => {
    const segment = manifest.segments.find((s) => s.name === name);
    if (!segment) throw new Error(`segment ${name} absent de ${dir}`);
    return segment;
  });
  const parts = await Promise.all(segments.map((s) => readSegmentParts(dir, manifest, s)));
  const lexical = LexicalIndex.fromParts(parts.map((p) => ({ ...p.lexical, deleted: p.deleted })));
  const liveCount = parts.reduce((sum, p) => sum + p.chunks.size, 0);
  const dense = DenseIndex.create(manifest.embedding.dimensions, manifest.dense, liveCount);
  for (const part of parts) {
    for (const label of part.dense.liveLabels().sort((a, b) => a - b)) {
      dense.add(label, part.dense.vector(label));
    }
  }
  const chunks = parts.flatMap((p) => [...p.chunks.values()]);
  return { name: newSegmentName(), chunks, lexical, dense };
}
