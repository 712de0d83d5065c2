/**
 * The lexical index of the version a thread loaded last, made into the next version's instead of
 * loading that one whole (`LexicalIndex.extend`). A one-document update writes a version that keeps
 * every segment of the one before, lists a few more deleted passages and adds one small segment: the
 * thread then reads that segment alone and copies the rest, where a whole load reads and merges every
 * segment again (at 100,000 passages, 0.2 s of work against 2.3 s, see BENCHMARKS.md). The thread
 * answers meanwhile either way (../index/give-way.ts); the shorter the work, the fewer answers
 * share the processor with it.
 *
 * A segment is known by its lexical file's identity, which the hard link into the next version keeps
 * (./store.ts, as ./graph-cache.ts does for graphs). The index is held weakly: a thread that no
 * longer serves it does not keep it alive for the sake of a next version.
 */
import { fileIdentity } from './graph-cache.ts';
import { LexicalIndex, type LexicalPart } from './lexical.ts';
import type { LexicalParts } from './lexical-data.ts';
import type { IndexSegment } from './manifest.ts';

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
  /** Versions made from the one before, and versions loaded whole: for tests and benchmarks. */
  extended = 0;
  loadedWhole = 0;

  /** The lexical index of a version made of `segments`, from the last one when it can be. */
  async load(segments: readonly LexicalSegment[]): Promise<LexicalIndex> {
    const held = await Promise.all(
      segments.map(async ({ file, segment }) => ({
        identity: await fileIdentity(file),
        deleted: new Set(segment.deleted),
      })),
    );
    const index = (await this.extend(segments, held)) ?? (await this.loadWhole(segments, held));
    this.last = { segments: held, index: new WeakRef(index) };
    return index;
  }

  /**
   * The last index extended, when the version keeps its segments in their order, each with at least
   * the passages it deleted, and adds segments after them.
   */
  private async extend(
    segments: readonly LexicalSegment[],
    held: readonly HeldSegment[],
  ): Promise<LexicalIndex | undefined> {
    const last = this.last;
    const base = last?.index.deref();
    if (!last || !base || last.segments.length > held.length) return undefined;
    const deleted = new Set<number>();
    for (const [n, before] of last.segments.entries()) {
      const now = held[n]!;
      if (now.identity !== before.identity) return undefined;
      for (const label of before.deleted) if (!now.deleted.has(label)) return undefined;
      for (const label of now.deleted) if (!before.deleted.has(label)) deleted.add(label);
    }
    const added = segments.slice(last.segments.length);
    const parts = await Promise.all(added.map(async (s) => partOf(await s.read(), s.segment)));
    const index = await base.extend(parts, deleted);
    if (index) this.extended++;
    return index;
  }

  private async loadWhole(
    segments: readonly LexicalSegment[],
    held: readonly HeldSegment[],
  ): Promise<LexicalIndex> {
    const parts = await Promise.all(segments.map(async (s, n) => partOf(await s.read(), s.segment, held[n])));
    this.loadedWhole++;
    return LexicalIndex.loadParts(parts);
  }
}

function partOf(parts: LexicalParts, segment: IndexSegment, held?: HeldSegment): LexicalPart {
  return { ...parts, deleted: held?.deleted ?? new Set(segment.deleted) };
}
