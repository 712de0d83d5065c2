/**
 * The index on disk: a folder of versions and a `CURRENT` file naming the live one.
 *
 *   data/index/CURRENT          "v-20261125T180102-3f2a"
 *   data/index/v-…/manifest.json, chunks.json, lexical.json, dense.hnsw, commitments.json
 *
 * A new version is written complete in a temporary folder, flushed, renamed, and only then named in
 * `CURRENT` (written beside and renamed, which is atomic on POSIX file systems). A process killed at
 * any moment therefore leaves `CURRENT` naming a complete, loadable version.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Chunk } from '../ingest/types.ts';
import { DenseIndex } from './dense.ts';
import { LexicalIndex } from './lexical.ts';
import { INDEX_FORMAT_VERSION, IndexError, type IndexManifest, manifestSchema } from './manifest.ts';

const CURRENT_FILE = 'CURRENT';
const VERSION_PREFIX = 'v-';
const TEMP_PREFIX = 'tmp-';
const TEMP_SUFFIX = '.tmp';
/** Versions kept besides the live one, so a bad ingest can be rolled back by hand. */
const KEPT_PREVIOUS_VERSIONS = 1;

export interface StoredChunk extends Chunk {
  label: number;
}

/**
 * Data computed from the whole index at ingestion and stored with its version, so that a process
 * loading the version (the service, after every reindex) reads it instead of computing it again.
 */
export interface DerivedData {
  /** Partners' commitments (src/commitments/), as the service lists them. */
  commitments: readonly object[];
}

/** An index in memory: what retrieval searches and what the next ingest starts from. */
export interface LoadedIndex {
  manifest: IndexManifest;
  /** Written with the version; not read by `loadIndex` (see `readDerivedFile`). */
  derived?: DerivedData;
  chunks: Map<number, StoredChunk>;
  lexical: LexicalIndex;
  dense: DenseIndex;
  /** Version folder it was loaded from (undefined for one not saved yet). */
  version?: string;
}

const chunkSchema = z.object({
  label: z.number().int().nonnegative(),
  id: z.string(),
  docId: z.string(),
  ordinal: z.number().int().nonnegative(),
  text: z.string(),
  headingPath: z.array(z.string()),
  page: z.number().int().positive().optional(),
  pageEnd: z.number().int().positive().optional(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  ocr: z.boolean().optional(),
});

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
    return { manifest: manifestSchema.parse(raw), version, dir };
  } catch (error) {
    throw unreadable(dir, error);
  }
}

/** A derived file of a version (`commitments.json`), parsed but not checked: its reader checks it. */
export async function readDerivedFile(
  indexDir: string,
  version: string,
  name: keyof DerivedData,
): Promise<unknown> {
  const dir = join(indexDir, version);
  try {
    return JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8'));
  } catch (error) {
    throw unreadable(dir, error);
  }
}

/**
 * Loads the live version (or the one named, which answering threads use so that they load the
 * version the service considers live, not one an ingestion has just switched to), or throws an
 * IndexError that says what to do.
 */
export async function loadIndex(indexDir: string, named?: string): Promise<LoadedIndex> {
  const { manifest, version, dir } = await loadManifest(indexDir, named);
  try {
    const chunkList = z
      .array(chunkSchema)
      .parse(JSON.parse(await readFile(join(dir, 'chunks.json'), 'utf8')));
    const lexical = LexicalIndex.fromJSON(JSON.parse(await readFile(join(dir, 'lexical.json'), 'utf8')));
    const dense = DenseIndex.load(join(dir, 'dense.hnsw'), manifest.embedding.dimensions, manifest.dense, [
      ...manifest.dense.deleted,
    ]);
    const chunks = new Map(chunkList.map((chunk) => [chunk.label, chunk]));
    return { manifest, chunks, lexical, dense, version };
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

function newVersionName(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `${VERSION_PREFIX}${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * Writes the index as a new version and makes it the live one. Returns the version name. A write
 * that fails (a full disk, most often) removes what it wrote before throwing: a half-written
 * version must not keep the disk full and every later write failing with it.
 */
export async function saveIndex(indexDir: string, index: LoadedIndex): Promise<string> {
  await mkdir(indexDir, { recursive: true });
  const version = newVersionName();
  const temp = join(indexDir, `${TEMP_PREFIX}${version}`);
  const pointer = join(indexDir, `${CURRENT_FILE}.${randomBytes(3).toString('hex')}${TEMP_SUFFIX}`);
  const manifest: IndexManifest = {
    ...index.manifest,
    dense: { ...index.manifest.dense, deleted: index.dense.deletedLabels },
  };
  try {
    await mkdir(temp, { recursive: true });
    await writeDurably(join(temp, 'chunks.json'), JSON.stringify([...index.chunks.values()]));
    await writeDurably(join(temp, 'lexical.json'), JSON.stringify(index.lexical.toJSON()));
    await writeDurably(join(temp, 'commitments.json'), JSON.stringify(index.derived?.commitments ?? []));
    index.dense.save(join(temp, 'dense.hnsw'));
    await syncFile(join(temp, 'dense.hnsw'));
    // The manifest is written last: a folder without one is never taken for an index.
    await writeDurably(join(temp, 'manifest.json'), JSON.stringify(manifest, null, 1));
    await rename(temp, join(indexDir, version));
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  try {
    await writeDurably(pointer, `${version}\n`);
    await rename(pointer, join(indexDir, CURRENT_FILE));
  } catch (error) {
    // CURRENT still names the previous version: the new one is not live, so it goes too.
    await rm(pointer, { force: true });
    await rm(join(indexDir, version), { recursive: true, force: true });
    throw error;
  }
  index.manifest = manifest;
  index.version = version;
  await pruneVersions(indexDir, version);
  return version;
}

/**
 * Removes what an interrupted write left (`tmp-…` folders, `CURRENT.….tmp` files). Only the holder
 * of the ingestion lock may call it: another run's temporary folder is not an orphan.
 * Returns the names removed.
 */
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
