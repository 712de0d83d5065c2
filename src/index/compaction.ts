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
 *  - past MAX_SEGMENTS, the smallest are merged into one.
 */
import { DenseIndex } from './dense.ts';
import { LexicalIndex } from './lexical.ts';
import type { IndexManifest, IndexSegment } from './manifest.ts';
import { newSegmentName, readSegmentParts, type SegmentContent } from './store.ts';

/**
 * A quarter of a segment deleted: its graph then holds a third more points than it serves. Lower
 * rewrites big segments often (a rewrite of 100,000 passages rebuilds their graph); higher lets the
 * files and the search's work grow with dead points.
 */
export const COMPACT_DELETED_SHARE = 0.25;
/** Each segment is one more graph searched per question; a one-document update adds one. */
export const MAX_SEGMENTS = 8;

export interface CompactionPlan {
  /** Segments with no live passage: left out of the next version. */
  dropped: string[];
  /** Each group of segments is written again as one segment, without its deleted passages. */
  rewritten: string[][];
}

const live = (s: IndexSegment) => s.passages - s.deleted.length;

/** What to compact among `segments`; those named in `keep` (just written) are left as they are. */
export function planCompaction(segments: readonly IndexSegment[], keep: ReadonlySet<string>): CompactionPlan {
  const dropped = segments.filter((s) => !keep.has(s.name) && live(s) === 0).map((s) => s.name);
  const remaining = segments.filter((s) => !dropped.includes(s.name));
  const candidates = remaining.filter((s) => !keep.has(s.name));
  const rewritten = candidates
    .filter((s) => s.deleted.length >= s.passages * COMPACT_DELETED_SHARE)
    .map((s) => [s.name]);
  if (remaining.length > MAX_SEGMENTS) {
    // Merged down to half the limit, so that the next updates do not merge again at once.
    const merged = remaining.length - Math.floor(MAX_SEGMENTS / 2) + 1;
    const smallest = [...candidates].sort((a, b) => live(a) - live(b)).slice(0, merged);
    const names = new Set(smallest.map((s) => s.name));
    const alone = rewritten.filter(([name]) => !names.has(name!));
    return { dropped, rewritten: [...alone, [...names]] };
  }
  return { dropped, rewritten };
}

/** The segments named, from the version they are in, written as one without their deleted passages. */
export async function compactSegments(
  indexDir: string,
  version: string,
  manifest: IndexManifest,
  names: readonly string[],
): Promise<SegmentContent> {
  const segments = names.map((name) => {
    const segment = manifest.segments.find((s) => s.name === name);
    if (!segment) throw new Error(`segment ${name} absent de la version ${version}`);
    return segment;
  });
  const parts = await Promise.all(segments.map((s) => readSegmentParts(indexDir, version, manifest, s)));
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
