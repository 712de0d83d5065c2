/**
 * The lexical index of the version a thread loaded last, made into the next version's instead of
 * loading that one whole (`LexicalIndex.extend`). A one-document update writes a version that keeps
 * every segment of the one before, lists a few more deleted passages and adds one small segment: the
 * thread then reads that segment alone and copies the rest, where a whole load reads and merges every
 * segment again (at 100,000 passages, 0.4–0.7 s of processor against 2.2–2.4 s: BENCHMARKS.md). The thread
 * answers meanwhile either way (../index/give-way.ts); the shorter the work, the fewer answers
 * share the processor with it.
 *
 * A thread that adopts a version another thread read (its shared arrays) keeps it too: the next
 * version it reads is made from it, and the next one it adopts extends its typo vocabulary.
 *
 * A segment is known by its lexical file's identity, which the hard link into the next version keeps
 * (./store.ts, as ./graph-cache.ts does for graphs). The index is held weakly: a thread that no
 * longer serves it does not keep it alive for the sake of a next version.
 */
import { fileIdentity } from './graph-cache.ts';
import { LexicalIndex, type LexicalPart, type SharedLexical } from './lexical.ts';
import type { LexicalParts } from './lexical-data.ts';
import type { IndexedDocument, IndexSegment } from './manifest.ts';

/** What a version's manifest says of a document: the segment holding its passages, and their labels. */
type VersionDocument = Pick<IndexedDocument, 'segment' | 'labels'>;

/**
 * How a version's lexical index was made: read whole from its segments, made from the one before,
 * or adopted from another thread's shared arrays.
 */
export type LexicalMade = 'read' | 'extended' | 'shared';

interface HeldSegment {
  identity: string;
  deleted: ReadonlySet<number>;
}

/** A segment of the version to load: its lexical file, and a reader of its data. */
export interface LexicalSegment {
  file: string;
  segment: IndexSegment;
  read: () => Promise<LexicalParts>;
}

export class LexicalVersions {
  private last: { segments: HeldSegment[]; index: WeakRef<LexicalIndex> } | undefined;

  /** Holds no version any more, as in a thread that has just started (for benchmarks). */
  forget(): void {
    this.last = undefined;
  }

  /**
   * The lexical index of a version made of `segments`, whose live passages are `documents`' labels:
   * made from the last one when it can be, or adopted from the thread that read it (`shared`, see
   * `LexicalIndex.fromShared`, which extends the last one's typo vocabulary when it can).
   */
  async load(
    segments: readonly LexicalSegment[],
    documents: readonly VersionDocument[],
    shared?: SharedLexical,
  ): Promise<{ index: LexicalIndex; made: LexicalMade }> {
    // A thread adopting a version does not read its files: without them, it just cannot extend it later.
    const held = await Promise.all(
      segments.map(async ({ file, segment }) => ({
        identity: await fileIdentity(file),
        deleted: new Set(segment.deleted),
      })),
    ).catch(() => undefined);
    const extended = !shared && held ? await this.extend(segments, held, documents) : undefined;
    const index = shared
      ? await LexicalIndex.fromShared(shared, undefined, this.last?.index.deref())
      : (extended ?? (await this.loadWhole(segments)));
    this.last = held && { segments: held, index: new WeakRef(index) };
    return { index, made: shared ? 'shared' : extended ? 'extended' : 'read' };
  }

  /**
   * The last index extended, when the version keeps some of its segments, in their order and each
   * with at least the passages it deleted, drops the others (a document changed twice: the segment
   * of its first change holds nothing live any more) and adds segments after them.
   */
  private async extend(
    segments: readonly LexicalSegment[],
    held: readonly HeldSegment[],
    documents: readonly VersionDocument[],
  ): Promise<LexicalIndex | undefined> {
    const last = this.last;
    const base = last?.index.deref();
    if (!last || !base) return undefined;
    const known = new Map(last.segments.map((s, n) => [s.identity, n]));
    const deleted = new Set<number>();
    const kept = new Set<string>();
    let previous = -1;
    let added = 0;
    for (const [n, now] of held.entries()) {
      const at = known.get(now.identity);
      if (at === undefined) {
        added++;
        continue;
      }
      // A kept segment after an added one, or out of order: passages would not keep their order.
      if (added > 0 || at < previous) return undefined;
      previous = at;
      const before = last.segments[at]!;
      for (const label of before.deleted) if (!now.deleted.has(label)) return undefined;
      for (const label of now.deleted) if (!before.deleted.has(label)) deleted.add(label);
      kept.add(segments[n]!.segment.name);
    }
    if (kept.size === 0) return undefined;
    if (kept.size < last.segments.length) {
      // Dropped segments: every passage the index holds outside the segments kept goes.
      const live = new Set(documents.flatMap((d) => (d.segment && kept.has(d.segment) ? d.labels : [])));
      for (const label of base.liveLabels()) if (!live.has(label)) deleted.add(label);
    }
    const parts = await Promise.all(
      segments.slice(held.length - added).map(async (s) => partOf(await s.read(), s.segment)),
    );
    const index = await base.extend(parts, deleted);
    return index;
  }

  private async loadWhole(segments: readonly LexicalSegment[]): Promise<LexicalIndex> {
    const parts = await Promise.all(segments.map(async (s) => partOf(await s.read(), s.segment)));
    return LexicalIndex.loadParts(parts);
  }
}

function partOf(parts: LexicalParts, segment: IndexSegment): LexicalPart {
  return { ...parts, deleted: new Set(segment.deleted) };
}
