/**
 * The index on disk: a folder of versions and a `CURRENT` file naming the live one.
 *
 *   data/index/CURRENT          "v-20261125T180102-3f2a"
 *   data/index/v-…/manifest.json, commitments.json, commitments-by-document.json, and per segment s-…:
 *                  s-….chunks (./chunk-file.ts), s-….lexical (./lexical-data.ts), s-….hnsw
 *
 * A version's passages are in segments, each written once by the ingestion that added its documents
 * (as Lucene's segments): a later version lists the segments it keeps and the passages deleted from
 * them, and hard-links their files from the version before, so an update writes only its own
 * passages. A new version is written complete in a temporary folder, flushed, renamed, and only then
 * named in `CURRENT` (written beside and renamed, which is atomic on POSIX file systems). A process
 * killed at any moment therefore leaves `CURRENT` naming a complete, loadable version; since a
 * version's files are links, removing an older version never touches the files a newer one reads.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ChunkFile, type StoredChunk, StoredChunks, writeChunkFile, writeLines } from './chunk-file.ts';
import { DenseIndex, type DenseSearcher, DenseSegments } from './dense.ts';
import { giveWay, mapInSlices } from './give-way.ts';
import { FileCache, SegmentGraph } from './graph-cache.ts';
import type { LexicalIndex, SharedLexical } from './lexical.ts';
import { type LexicalParts, lexicalLines, readLexicalLines } from './lexical-data.ts';
import { type LexicalMade, LexicalVersions } from './lexical-versions.ts';
import {
  documentSchema,
  INDEX_FORMAT_VERSION,
  IndexError,
  type IndexManifest,
  type IndexSegment,
  manifestSchema,
} from './manifest.ts';

export type { StoredChunk } from './chunk-file.ts';

const CURRENT_FILE = 'CURRENT';
const VERSION_PREFIX = 'v-';
const TEMP_PREFIX = 'tmp-';
const TEMP_SUFFIX = '.tmp';
/** Versions kept besides the live one, so a bad ingest can be rolled back by hand. */
const KEPT_PREVIOUS_VERSIONS = 1;

/**
 * Data computed from the whole index at ingestion and stored with its version, so that a process
 * loading the version (the service, after every reindex) reads it instead of computing it again.
 */
export interface DerivedData {
  /** Partners' commitments (src/commitments/), as the service lists them. */
  commitments: readonly object[];
  /** What each document contributed, so that the next ingestion extracts only what changed. */
  byDocument?: object;
}

const DERIVED_FILES: Record<keyof DerivedData, string> = {
  commitments: 'commitments.json',
  byDocument: 'commitments-by-document.json',
};

/**
 * An index in memory, read-only: what retrieval searches. Its graphs are in this thread
 * (`DenseSegments`), or searched in the thread that holds them for all answer threads.
 */
export interface LoadedIndex<Dense extends DenseSearcher = DenseSearcher> {
  manifest: IndexManifest;
  /** The live passages by label, parsed when asked for (./chunk-file.ts). */
  chunks: ReadonlyMap<number, StoredChunk>;
  lexical: LexicalIndex;
  /** How this thread made its lexical index (./lexical-versions.ts); none for an index built in memory. */
  lexicalMade?: LexicalMade;
  dense: Dense;
  /** Version folder it was loaded from. */
  version?: string;
}

/** One segment's content, as an ingestion writes it. */
export interface SegmentContent {
  name: string;
  chunks: Iterable<StoredChunk>;
  lexical: LexicalIndex;
  dense: DenseIndex;
}

/** The files of a segment. */
export function segmentFiles(name: string): { chunks: string; lexical: string; dense: string } {
  return { chunks: `${name}.chunks`, lexical: `${name}.lexical`, dense: `${name}.hnsw` };
}

export function newSegmentName(): string {
  return `s-${stamp()}-${randomBytes(3).toString('hex')}`;
}

export async function readCurrentVersion(indexDir: string): Promise<string | undefined> {
  try {
    const name = (await readFile(join(indexDir, CURRENT_FILE), 'utf8')).trim();
    return name.startsWith(VERSION_PREFIX) && !name.includes('/') ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The live version's folder name, or an IndexError that says what to do. */
export async function liveVersion(indexDir: string): Promise<string> {
  const version = await readCurrentVersion(indexDir);
  if (!version) throw new IndexError('missing', `aucun index dans ${indexDir} : lancez « npm run ingest ».`);
  return version;
}

export async function hasIndex(indexDir: string): Promise<boolean> {
  const version = await readCurrentVersion(indexDir);
  return version !== undefined && existsSync(join(indexDir, version, 'manifest.json'));
}

/** The manifest of a version: what it was built with and its documents, without its passages. */
export interface LoadedManifest {
  manifest: IndexManifest;
  version: string;
  dir: string;
}

function unreadable(dir: string, error: unknown): IndexError {
  if (error instanceof IndexError) return error;
  return new IndexError(
    'corrupt',
    `l'index ${dir} est illisible (${(error as Error).message.split('\n')[0]}) : relancez « npm run ingest -- --full ».`,
  );
}

/**
 * Reads and checks the manifest of the live version (or the one named). An index of another format
 * is a mismatch, not a corruption: it is rebuilt, as after a change of model.
 */
export async function loadManifest(indexDir: string, named?: string): Promise<LoadedManifest> {
  const version = named ?? (await liveVersion(indexDir));
  const dir = join(indexDir, version);
  try {
    const raw: unknown = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    const format = (raw as { formatVersion?: unknown } | null)?.formatVersion;
    if (format !== INDEX_FORMAT_VERSION) {
      throw new IndexError(
        'mismatch',
        `l'index ${dir} est au format ${String(format)} (actuel : ${INDEX_FORMAT_VERSION}) : relancez « npm run ingest -- --full ».`,
      );
    }
    // The documents (2,000 at 100,000 passages) are checked one by one in slices: the service's main
    // thread loads each new version's manifest while it serves.
    const { documents, ...head } = raw as { documents?: unknown };
    if (!Array.isArray(documents)) return { manifest: manifestSchema.parse(raw), version, dir };
    const checked = manifestSchema.parse({ ...head, documents: [] });
    checked.documents = await mapInSlices(documents, (d) => documentSchema.parse(d));
    return { manifest: checked, version, dir };
  } catch (error) {
    throw unreadable(dir, error);
  }
}

/** A derived file of a version (`commitments.json`…), parsed but not checked: its reader checks it. */
export async function readDerivedFile(
  indexDir: string,
  version: string,
  name: keyof DerivedData,
): Promise<unknown> {
  const dir = join(indexDir, version);
  try {
    return JSON.parse(await readFile(join(dir, DERIVED_FILES[name]), 'utf8'));
  } catch (error) {
    throw unreadable(dir, error);
  }
}

/** What another thread already holds of a version, so that this one does not load it again. */
export interface SharedParts {
  /** The lexical index another thread loaded (`LexicalIndex.toShared`): its arrays are searched as they are. */
  lexical?: SharedLexical;
  /** The graphs, searched where they are held (../assistant/graph-thread.ts): not read here. */
  dense?: DenseSearcher;
}

/**
 * Loads the live version (or the one named, which answering threads use so that they load the
 * version the service considers live, not one an ingestion has just switched to), or throws an
 * IndexError that says what to do.
 */
export async function loadIndex(
  indexDir: string,
  named?: string,
  shared?: { lexical?: SharedLexical },
): Promise<LoadedIndex<DenseSegments<SegmentGraph>>>;
export async function loadIndex(
  indexDir: string,
  named: string | undefined,
  shared: SharedParts & { dense: DenseSearcher },
): Promise<LoadedIndex>;
export async function loadIndex(
  indexDir: string,
  named?: string,
  shared: SharedParts = {},
): Promise<LoadedIndex> {
  const { manifest, version, dir } = await loadManifest(indexDir, named);
  try {
    const segments = manifest.segments;
    const files = await openChunkFiles(dir, segments);
    // Read in slices and from libuv's threads: the thread loading answers meanwhile.
    const { index: lexical, made: lexicalMade } = await lexicalVersions.load(
      segments.map((segment) => {
        const file = join(dir, segmentFiles(segment.name).lexical);
        return { file, segment, read: async () => readLexicalLines(await readFile(file)) };
      }),
      manifest.documents,
      shared.lexical,
    );
    const dense = shared.dense ?? (await readGraphs(dir, manifest));
    const chunks = new StoredChunks(files, new Set(segments.flatMap((s) => s.deleted)));
    return { manifest, chunks, lexical, lexicalMade, dense, version };
  } catch (error) {
    throw unreadable(dir, error);
  }
}

/**
 * The passage files this thread has opened, shared by the versions that keep their segment (as
 * graphs are): each header (every label and length) is parsed on this thread, 3 to 20 ms a segment
 * of 25,000 passages, and reading them all again for a one-document update held the answers of a
 * loading thread under load (`npm run bench:scale`).
 */
export const chunkFiles = new FileCache<ChunkFile>();

/**
 * The segments' passage files, those not held already read one after the other with a turn of the
 * event loop between two: all of them in one turn held a loading answer thread for 67 ms at 100,000
 * passages.
 */
async function openChunkFiles(dir: string, segments: readonly IndexSegment[]): Promise<ChunkFile[]> {
  const files: ChunkFile[] = [];
  for (const segment of segments) {
    const file = join(dir, segmentFiles(segment.name).chunks);
    const reads = chunkFiles.reads;
    files.push(await chunkFiles.get(file, () => ChunkFile.read(file)));
    if (chunkFiles.reads > reads) await giveWay();
  }
  return files;
}

/**
 * The lexical index this thread loaded last, which the next version's is made from when it keeps
 * its segments (./lexical-versions.ts).
 */
export const lexicalVersions = new LexicalVersions();

/** The graphs of the live version (or the one named), alone: what the graph thread holds. */
export async function loadGraphs(indexDir: string, named?: string): Promise<DenseSegments<SegmentGraph>> {
  const { manifest, dir } = await loadManifest(indexDir, named);
  try {
    return await readGraphs(dir, manifest);
  } catch (error) {
    throw unreadable(dir, error);
  }
}

/**
 * The graphs this thread has read, shared by the versions it serves: a version that keeps a
 * segment searches the graph already held for the one before (./graph-cache.ts).
 */
export const segmentGraphs = new FileCache<DenseIndex>();

/** Each segment's graph, held already or read on libuv's threads, its deleted passages left out. */
async function readGraphs(dir: string, manifest: IndexManifest): Promise<DenseSegments<SegmentGraph>> {
  const { dimensions } = manifest.embedding;
  const graphs = await Promise.all(
    manifest.segments.map(async (s) => {
      const file = join(dir, segmentFiles(s.name).dense);
      const graph = await segmentGraphs.get(
        file,
        () => DenseIndex.loadAsync(file, dimensions, manifest.dense, []),
        String(dimensions),
      );
      return new SegmentGraph(graph, new Set(s.deleted));
    }),
  );
  return new DenseSegments(graphs);
}

function loadSegmentGraph(dir: string, manifest: IndexManifest, segment: IndexSegment): DenseIndex {
  return DenseIndex.load(
    join(dir, segmentFiles(segment.name).dense),
    manifest.embedding.dimensions,
    manifest.dense,
    segment.deleted,
  );
}

/**
 * One segment of a version as it is on disk, its deleted passages marked in its graph and left out
 * of its passages: what an ingestion reads to compact it. The lexical data is as saved (merged by
 * `LexicalIndex.fromParts` with the others').
 */
export async function readSegmentParts(
  dir: string,
  manifest: IndexManifest,
  segment: IndexSegment,
): Promise<{ chunks: StoredChunks; lexical: LexicalParts; dense: DenseIndex; deleted: ReadonlySet<number> }> {
  try {
    const deleted = new Set(segment.deleted);
    const files = segmentFiles(segment.name);
    return {
      chunks: new StoredChunks([await ChunkFile.read(join(dir, files.chunks))], deleted),
      lexical: readLexicalLines(await readFile(join(dir, files.lexical))),
      dense: loadSegmentGraph(dir, manifest, segment),
      deleted,
    };
  } catch (error) {
    throw unreadable(dir, error);
  }
}

/** The live passages of some segments in a version's folder, parsed when asked for. */
export async function readSegmentChunks(
  dir: string,
  segments: readonly IndexSegment[],
): Promise<StoredChunks> {
  try {
    const files = await Promise.all(
      segments.map((s) => ChunkFile.read(join(dir, segmentFiles(s.name).chunks))),
    );
    return new StoredChunks(files, new Set(segments.flatMap((s) => s.deleted)));
  } catch (error) {
    throw unreadable(dir, error);
  }
}

async function writeDurably(file: string, data: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}

function newVersionName(): string {
  return `${VERSION_PREFIX}${stamp()}-${randomBytes(3).toString('hex')}`;
}

/** What a new version is made of, besides the segments already written into it. */
export interface VersionContent {
  manifest: IndexManifest;
  /** The version the manifest's segments not written into this one are linked from. */
  base?: string;
  /** Written with the version (./derived data, read by the service without the passages). */
  derived: DerivedData;
}

/**
 * A version being written, in its temporary folder: segments are written into it as soon as they are
 * built, so an ingestion holds one segment's passages in memory at a time, not the whole corpus's.
 * Killed before `commit`, it leaves a `tmp-…` folder that the next ingestion removes (`removeOrphans`).
 */
export interface VersionWriter {
  /** The temporary folder, where the segments written so far can be read back. */
  readonly dir: string;
  writeSegment(segment: SegmentContent): Promise<void>;
  /** Links the other segments, writes the derived data and the manifest, and makes the version live. */
  commit(content: VersionContent): Promise<string>;
  /** Removes what was written (after a failure). */
  abort(): Promise<void>;
}

export async function startVersion(indexDir: string): Promise<VersionWriter> {
  await mkdir(indexDir, { recursive: true });
  const version = newVersionName();
  const temp = join(indexDir, `${TEMP_PREFIX}${version}`);
  await mkdir(temp, { recursive: true });
  const written = new Set<string>();
  const abort = () => rm(temp, { recursive: true, force: true });
  return {
    dir: temp,
    async writeSegment(segment) {
      try {
        await writeSegment(temp, segment);
        written.add(segment.name);
      } catch (error) {
        // A full disk must not stay full with half a version.
        await abort();
        throw error;
      }
    },
    async commit(content) {
      try {
        for (const segment of content.manifest.segments) {
          if (written.has(segment.name)) continue;
          if (!content.base) throw new Error(`segment ${segment.name} sans version d'où le reprendre`);
          for (const file of Object.values(segmentFiles(segment.name))) {
            await linkOrCopy(join(indexDir, content.base, file), join(temp, file));
          }
        }
        // Segments written and then compacted away in this run are not part of the version.
        const kept = new Set(content.manifest.segments.map((s) => s.name));
        for (const name of written) {
          if (kept.has(name)) continue;
          for (const file of Object.values(segmentFiles(name))) await rm(join(temp, file), { force: true });
        }
        for (const [name, data] of Object.entries(content.derived)) {
          await writeDurably(join(temp, DERIVED_FILES[name as keyof DerivedData]), JSON.stringify(data));
        }
        // The manifest is written last: a folder without one is never taken for an index.
        await writeDurably(join(temp, 'manifest.json'), JSON.stringify(content.manifest, null, 1));
        await syncFile(temp);
        await rename(temp, join(indexDir, version));
      } catch (error) {
        await abort();
        throw error;
      }
      const pointer = tempFileFor(indexDir, CURRENT_FILE);
      try {
        await writeDurably(pointer, `${version}\n`);
        await rename(pointer, join(indexDir, CURRENT_FILE));
      } catch (error) {
        // CURRENT still names the previous version: the new one is not live, so it goes too.
        await rm(pointer, { force: true });
        await rm(join(indexDir, version), { recursive: true, force: true });
        throw error;
      }
      await pruneVersions(indexDir, version);
      return version;
    },
    abort,
  };
}

/** A hard link (no byte written), or a copy where the file system has none. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/** The lexical index as lines (./lexical-data.ts), written a batch of posting lists at a time. */
async function writeLexicalFile(file: string, lexical: LexicalIndex): Promise<void> {
  const { data, postings } = lexical.toSaved();
  await writeLines(file, lexicalLines(data, postings()));
  await syncFile(file);
}

async function writeSegment(dir: string, segment: SegmentContent): Promise<void> {
  const files = segmentFiles(segment.name);
  await writeChunkFile(join(dir, files.chunks), segment.chunks);
  await syncFile(join(dir, files.chunks));
  await writeLexicalFile(join(dir, files.lexical), segment.lexical);
  segment.dense.save(join(dir, files.dense));
  await syncFile(join(dir, files.dense));
}

/**
 * Removes what an interrupted write left (`tmp-…` folders, `CURRENT.….tmp` files). Only the holder
 * of the ingestion lock may call it: another run's temporary folder is not an orphan.
 * Returns the names removed.
 */
/**
 * Where to write `name` of the index folder before renaming it into place: a name the orphans'
 * cleanup below removes if the writer is killed first.
 */
export function tempFileFor(indexDir: string, name: string): string {
  return join(indexDir, `${name}.${randomBytes(3).toString('hex')}${TEMP_SUFFIX}`);
}

export async function removeOrphans(indexDir: string): Promise<string[]> {
  const entries = await readdir(indexDir).catch(() => [] as string[]);
  const orphans = entries.filter((name) => name.startsWith(TEMP_PREFIX) || name.endsWith(TEMP_SUFFIX));
  await Promise.all(orphans.map((name) => rm(join(indexDir, name), { recursive: true, force: true })));
  return orphans;
}

/** Removes temporary folders left by killed runs and versions older than the kept ones. */
async function pruneVersions(indexDir: string, live: string): Promise<void> {
  const entries = await readdir(indexDir, { withFileTypes: true });
  const versions = entries
    .filter((e) => e.isDirectory() && e.name.startsWith(VERSION_PREFIX) && e.name !== live)
    .map((e) => e.name)
    .sort()
    .reverse();
  await Promise.all(
    versions
      .slice(KEPT_PREVIOUS_VERSIONS)
      .map((name) => rm(join(indexDir, name), { recursive: true, force: true })),
  );
  await removeOrphans(indexDir);
}

/** For tests and tools: the folder of the live version. */
export async function currentVersionDir(indexDir: string): Promise<string | undefined> {
  const version = await readCurrentVersion(indexDir);
  return version ? join(indexDir, version) : undefined;
}
