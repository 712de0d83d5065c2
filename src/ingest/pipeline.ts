/**
 * Incremental ingestion: corpus folder → index version.
 *
 * Files are compared by checksum with the live version's manifest: the passages themselves are not
 * read. Unchanged files keep their segment; the passages of changed and removed ones are listed as
 * deleted from theirs; added and changed files make one new segment, the only passages embedded and
 * written (../index/store.ts); segments with many deletions, or too many segments, are compacted
 * (../index/compaction.ts). When nothing changed no new version is written, so a re-run on an
 * unchanged corpus costs one read of each file and no model load. A file that cannot be read is
 * reported; if an earlier version of it was indexed, that version keeps serving.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Embedder } from '../embedding/types.ts';
import { compactSegments, planCompaction, SEGMENT_PASSAGES } from '../index/compaction.ts';
import { DEFAULT_DENSE_PARAMS, DenseIndex } from '../index/dense.ts';
import { LexicalIndex } from '../index/lexical.ts';
import {
  compareSettings,
  INDEX_FORMAT_VERSION,
  IndexError,
  type IndexedDocument,
  type IndexManifest,
  type IndexSegment,
  type PipelineSettings,
} from '../index/manifest.ts';
import {
  hasIndex,
  type LoadedManifest,
  loadManifest,
  newSegmentName,
  readDerivedFile,
  readSegmentChunks,
  removeOrphans,
  type SegmentContent,
  type StoredChunk,
  startVersion,
} from '../index/store.ts';
import { encodeSentenceVectors, sentencesToEmbed } from '../retrieval/sentence-vectors.ts';
import { isPretrained } from '../retrieval/tuning.ts';
import { chunkBlocks, DEFAULT_CHUNK_OPTIONS } from './chunk.ts';
import { DERIVED_VERSIONS, deriveData } from './derived.ts';
import { type EmbedHelper, embedBeside } from './embed-helper.ts';
import { acquireIngestLock } from './lock.ts';
import { passageContext, passageForEmbedding } from './passage.ts';
import { readDocument } from './read-document.ts';
import { UNREAD_SCAN } from './readers/pdf/config.ts';
import { type CorpusFile, checksumFile, documentId, listCorpus, mimeType } from './scan.ts';
import { readStatCache, type StatCache, stampOf, writeStatCache } from './stat-cache.ts';
import type { Chunk } from './types.ts';

/** Bump when a reader, the chunker or the analyser changes what it produces: old indexes are then rebuilt. */
export const PIPELINE_SETTINGS: PipelineSettings = {
  readers: 'readers-6',
  chunker: 'blocks-3',
  analyzer: 'fr-snowball-1',
  chunkOptions: { ...DEFAULT_CHUNK_OPTIONS },
};

/** Passages embedded per call: large enough to amortise the ONNX call, small enough to report progress. */
const EMBED_BATCH = 32;
/**
 * Below this many passages a helper process costs more than it saves: starting it and loading its
 * model takes about a second, the time to embed a few hundred passages here.
 */
const PARALLEL_MIN_PASSAGES = 2_000;

export type FileStatus = 'added' | 'changed' | 'unchanged' | 'removed' | 'failed';

export interface FileReport {
  source: string;
  status: FileStatus;
  /** Why a file failed, in French. */
  reason?: string;
  /** For a failed file that was indexed before. */
  keptPrevious?: boolean;
  pages?: number;
  chunks: number;
  ocrPages: number;
  scanPages: number;
  warnings: string[];
}

export interface IngestReport {
  corpusDir: string;
  indexDir: string;
  /** The live version after the run. */
  version?: string;
  /** Why the whole index was rebuilt, when it was. */
  rebuilt?: string;
  files: FileReport[];
  /** Files read and hashed; the others' stamps had not moved since they were read (./stat-cache.ts). */
  filesRead: number;
  totals: { documents: number; pages: number; chunks: number };
  failed: number;
  durationMs: number;
}

export type IngestEvent =
  | { type: 'start'; files: number }
  | { type: 'file'; source: string; index: number; files: number }
  | { type: 'embed'; done: number; total: number };

export interface IngestOptions {
  corpusDir: string;
  indexDir: string;
  /** Ignore the existing index and rebuild everything. */
  full?: boolean;
  /** The clock files' stamps are compared with (tests move it on; ./stat-cache.ts). */
  now?: () => number;
  ocr?: boolean;
  /**
   * The configured model, compared with the index before any model is loaded; with no id (a server
   * that names its own model), the model is loaded to compare.
   */
  modelId?: string;
  /** Default: transformers. */
  provider?: 'transformers' | 'openai-api';
  /** Loaded only when something must be embedded. */
  loadEmbedder: () => Promise<Embedder>;
  onEvent?: (event: IngestEvent) => void;
  /**
   * Starts a second process that embeds beside this one (./embed-helper.ts), used when there are
   * at least PARALLEL_MIN_PASSAGES to embed and more than one core.
   */
  startEmbedHelper?: () => EmbedHelper;
  /** Written in the lock, so another run turned away can say who holds it (src/ingest/lock.ts). */
  holder?: string;
  /** Passages per segment written at most (default SEGMENT_PASSAGES; tests use fewer). */
  segmentPassages?: number;
}

interface Pending {
  file: CorpusFile;
  doc: IndexedDocument;
  chunks: Chunk[];
}

function emptyManifest(embedder: Embedder): IndexManifest {
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    embedding: { ...embedder.spec },
    pipeline: PIPELINE_SETTINGS,
    dense: { space: 'cosine', ...DEFAULT_DENSE_PARAMS },
    nextLabel: 0,
    documents: [],
    segments: [],
    derived: { ...DERIVED_VERSIONS },
  };
}

/**
 * The live version's manifest if the index can be built upon, with the reason when it cannot. Only
 * the manifest is read: an unchanged corpus is recognised from its checksums alone.
 */
async function startingPoint(options: IngestOptions): Promise<{ base?: LoadedManifest; rebuild?: string }> {
  if (options.full) return { rebuild: 'reconstruction complète demandée (--full)' };
  if (!(await hasIndex(options.indexDir))) return {};
  try {
    const base = await loadManifest(options.indexDir);
    const wanted =
      options.modelId === undefined
        ? (await options.loadEmbedder()).spec
        : {
            ...base.manifest.embedding,
            provider: options.provider ?? 'transformers',
            modelId: options.modelId,
          };
    const differences = compareSettings(base.manifest, wanted, PIPELINE_SETTINGS);
    if (differences.length > 0) {
      return { rebuild: `index construit avec d'autres réglages (${differences.join(', ')}) : reconstruit` };
    }
    return { base };
  } catch (error) {
    if (error instanceof IndexError) return { rebuild: `${error.message.split(':')[0]} : reconstruit` };
    throw error;
  }
}

export async function ingest(options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const release = await acquireIngestLock(options.indexDir, options.holder);
  try {
    // What a killed or failed run left (a full disk stays full otherwise); the lock makes it ours.
    await removeOrphans(options.indexDir);
    return await ingestLocked(options, started);
  } finally {
    await release();
  }
}

async function ingestLocked(options: IngestOptions, started: number): Promise<IngestReport> {
  const { base, rebuild } = await startingPoint(options);
  const previousDocs = new Map((base?.manifest.documents ?? []).map((d) => [d.source, d]));
  const files = await listCorpus(options.corpusDir);
  options.onEvent?.({ type: 'start', files: files.length });

  const reports: FileReport[] = [];
  const pending: Pending[] = [];
  const kept: IndexedDocument[] = [];
  // Documents keep their id across re-ingests; new ones get one that no other document holds.
  const usedIds = new Set(files.flatMap((f) => previousDocs.get(f.source)?.id ?? []));
  // Files whose stamp has not moved since they were last read are not read again (./stat-cache.ts).
  const stamps = base ? await readStatCache(options.indexDir) : new Map();
  const seen: StatCache = new Map();
  const now = options.now ?? Date.now;
  // All at once (the sidecars' `stat`s): one after the other, a large corpus's waited on the disk.
  const stamped = files.map((file) => stampOf(file, now()).catch(() => undefined));
  let filesRead = 0;

  for (const [i, file] of files.entries()) {
    options.onEvent?.({ type: 'file', source: file.source, index: i, files: files.length });
    const old = previousDocs.get(file.source);
    previousDocs.delete(file.source);
    // A file whose scanned pages were skipped (OCR off) is read again once OCR is on.
    const unreadScans = options.ocr === true && old?.warnings.some((w) => w.endsWith(UNREAD_SCAN));
    const stamp = await stamped[i];
    const known = stamp === undefined ? undefined : stamps.get(file.source);
    // Not read when its stamp has not moved since the content the index holds was read.
    const trusted =
      old !== undefined &&
      !unreadScans &&
      known !== undefined &&
      known.stamp === stamp &&
      known.checksum === old.checksum;
    const content = trusted ? undefined : await checksumFile(file);
    if (content) filesRead++;
    const checksum = content?.checksum ?? old!.checksum;
    if (stamp !== undefined) seen.set(file.source, { stamp, checksum });
    if (old && old.checksum === checksum && !unreadScans) {
      kept.push(old);
      reports.push(fileReport(file.source, 'unchanged', old, old.labels.length));
      continue;
    }
    // Read: a file not read above was trusted unchanged, and kept.
    const read = await readDocument(file, content!.data, { ocr: options.ocr ?? false });
    if (!read.ok) {
      if (old) kept.push(old);
      reports.push({
        source: file.source,
        status: 'failed',
        reason: read.message,
        keptPrevious: old !== undefined,
        chunks: 0,
        ocrPages: 0,
        scanPages: 0,
        warnings: [],
      });
      continue;
    }
    const id = old?.id ?? uniqueId(documentId(file.source), file.source, usedIds);
    const drafts = chunkBlocks(read.blocks, PIPELINE_SETTINGS.chunkOptions);
    const chunks = drafts.map((draft, ordinal) => ({ ...draft, id: `${id}#${ordinal}`, docId: id, ordinal }));
    const doc: IndexedDocument = {
      id,
      source: file.source,
      checksum,
      size: file.size,
      mime: mimeType(file.source),
      meta: read.meta,
      pages: read.pages?.length || undefined,
      pageStatus: read.pages,
      warnings: read.warnings,
      labels: [],
    };
    pending.push({ file, doc, chunks });
    reports.push(fileReport(file.source, old ? 'changed' : 'added', doc, chunks.length));
  }
  for (const removed of previousDocs.values()) {
    reports.push({ ...fileReport(removed.source, 'removed', removed, 0) });
  }

  // Commitments found by other rules are recomputed, from the passages already indexed.
  const staleDerived =
    base !== undefined && base.manifest.derived.commitments !== DERIVED_VERSIONS.commitments;
  const changed = rebuild !== undefined || pending.length > 0 || previousDocs.size > 0 || staleDerived;
  let version = base?.version;
  let documents = base?.manifest.documents ?? [];
  if (changed) {
    const embedder = await options.loadEmbedder();
    if (base) {
      const differences = compareSettings(base.manifest, embedder.spec, PIPELINE_SETTINGS);
      if (differences.length > 0) throw new IndexError('mismatch', differences.join(', '));
    }
    const start = base?.manifest ?? emptyManifest(embedder);
    // Passages of removed and replaced documents are deleted where they are, not rewritten.
    const segments = new Map(start.segments.map((s) => [s.name, { ...s, deleted: [...s.deleted] }]));
    const replaced = new Map(start.documents.map((d) => [d.source, d]));
    const gone = [...previousDocs.values(), ...pending.flatMap((p) => replaced.get(p.file.source) ?? [])];
    for (const doc of gone) {
      if (doc.segment) segments.get(doc.segment)?.deleted.push(...doc.labels);
    }
    const manifest: IndexManifest = { ...start, segments: [...segments.values()] };
    documents = [...kept, ...pending.map((p) => p.doc)].sort((a, b) => a.source.localeCompare(b.source));
    const writer = await startVersion(options.indexDir);
    const writtenNow = new Set<string>();
    const write = async (segment: SegmentContent) => {
      await writer.writeSegment(segment);
      writtenNow.add(segment.name);
    };
    try {
      // Each segment is written as soon as it is built: memory holds one segment, not the corpus.
      await embedSegments(manifest, pending, embedder, options, write);
      const baseDir = base ? join(options.indexDir, base.version) : writer.dir;
      const compacted = await compact(baseDir, { ...manifest, documents }, new Set(writtenNow), write);
      // Segments written in this run (new or compacted) are read back from the new version's folder.
      const folderOf = (segment: string) => (writtenNow.has(segment) ? writer.dir : baseDir);
      // Here, once, rather than in every process that loads the version (./derived.ts).
      const derived = await deriveData({
        documents: compacted.documents,
        previous: base && !staleDerived ? await previousDerived(options.indexDir, base.version) : undefined,
        passagesOf: (docIds) => passagesOf(compacted, folderOf, docIds),
      });
      version = await writer.commit({
        manifest: { ...compacted, createdAt: new Date().toISOString(), derived: { ...DERIVED_VERSIONS } },
        base: base?.version,
        derived,
      });
      documents = compacted.documents;
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }

  // What was read, for the next ingestion; after the commit, so it never names an uncommitted read.
  await writeStatCache(options.indexDir, seen);
  return {
    corpusDir: options.corpusDir,
    indexDir: options.indexDir,
    version,
    rebuilt: rebuild,
    files: reports,
    filesRead,
    totals: {
      documents: documents.length,
      pages: documents.reduce((sum, d) => sum + (d.pages ?? 0), 0),
      chunks: documents.reduce((sum, d) => sum + d.labels.length, 0),
    },
    failed: reports.filter((r) => r.status === 'failed').length,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * The pending documents' passages, embedded and indexed as new segments of at most
 * SEGMENT_PASSAGES passages (whole documents), each handed to `write` once built and then dropped;
 * labels follow the manifest's.
 */
async function embedSegments(
  manifest: IndexManifest,
  pending: Pending[],
  embedder: Embedder,
  options: IngestOptions,
  write: (segment: SegmentContent) => Promise<void>,
): Promise<void> {
  const limit = options.segmentPassages ?? SEGMENT_PASSAGES;
  const groups: Pending[][] = [];
  let size = Number.POSITIVE_INFINITY;
  for (const p of pending) {
    if (p.chunks.length === 0) continue;
    if (size + p.chunks.length > limit) {
      groups.push([]);
      size = 0;
    }
    groups.at(-1)!.push(p);
    size += p.chunks.length;
  }
  const total = pending.reduce((n, p) => n + p.chunks.length, 0);
  // Marks when embedding starts (the model is loaded by now), so its rate excludes reading and loading.
  options.onEvent?.({ type: 'embed', done: 0, total });
  const helper =
    options.startEmbedHelper && total >= PARALLEL_MIN_PASSAGES && availableParallelism() > 1
      ? options.startEmbedHelper()
      : undefined;
  let done = 0;
  try {
    for (const group of groups) {
      const segment = await embedSegment(manifest, group, embedder, helper, (n) => {
        done += n;
        options.onEvent?.({ type: 'embed', done, total });
      });
      await write(segment);
      // Its passages are on disk now; the reports keep their counts.
      for (const p of group) p.chunks = [];
    }
  } finally {
    helper?.close();
  }
}

/** One group of documents embedded and indexed as a segment. */
async function embedSegment(
  manifest: IndexManifest,
  group: Pending[],
  embedder: Embedder,
  helper: EmbedHelper | undefined,
  onBatch: (passages: number) => void,
): Promise<SegmentContent> {
  const all = group.flatMap((p) => p.chunks.map((chunk) => ({ chunk, doc: p.doc })));
  const name = newSegmentName();
  const chunks: StoredChunk[] = [];
  const lexical = new LexicalIndex();
  const dense = DenseIndex.create(embedder.spec.dimensions, DEFAULT_DENSE_PARAMS, all.length);
  for (const p of group) p.doc.segment = name;
  const batches: (typeof all)[] = [];
  for (let start = 0; start < all.length; start += EMBED_BATCH)
    batches.push(all.slice(start, start + EMBED_BATCH));
  const texts = (batch: typeof all) => batch.map(({ chunk, doc }) => passageForEmbedding(chunk, doc.meta));
  const addBatch = (batch: typeof all, vectors: Float32Array[], sentenceVectors?: string[]) => {
    for (const [i, { chunk, doc }] of batch.entries()) {
      const label = manifest.nextLabel++;
      const sentences = sentenceVectors?.[i];
      chunks.push({ ...chunk, label, ...(sentences ? { sentenceVectors: sentences } : {}) });
      lexical.add(label, { body: chunk.text, context: passageContext(chunk, doc.meta) });
      dense.add(label, vectors[i]!);
      doc.labels.push(label);
    }
    onBatch(batch.length);
  };
  manifest.segments.push({ name, passages: all.length, deleted: [] });
  // A model of meaning embeds each sentence too, for the answer to quote the one that says what was asked.
  const sentencesOf = (batch: typeof all) =>
    isPretrained(embedder.spec.modelId)
      ? embedSentences(
          batch.map((b) => b.chunk.text),
          embedder,
        )
      : undefined;
  if (!helper) {
    for (const batch of batches)
      addBatch(batch, await embedder.embedPassages(texts(batch)), await sentencesOf(batch));
  } else {
    const sentences = await sentencesOf(all);
    await embedBeside(batches.map(texts), embedder, helper, (i, vectors) =>
      addBatch(batches[i]!, vectors, sentences?.slice(i * EMBED_BATCH, (i + 1) * EMBED_BATCH)),
    );
  }
  return { name, chunks, lexical, dense };
}

/** Each passage's sentences embedded, in batches of EMBED_BATCH sentences, encoded for the index. */
async function embedSentences(passages: string[], embedder: Embedder): Promise<string[]> {
  const sentences = passages.map(sentencesToEmbed);
  const flat = sentences.flat();
  const vectors: Float32Array[] = [];
  for (let start = 0; start < flat.length; start += EMBED_BATCH)
    vectors.push(...(await embedder.embedPassages(flat.slice(start, start + EMBED_BATCH))));
  let next = 0;
  return sentences.map((own) => {
    const start = next;
    next += own.length;
    return encodeSentenceVectors(own, vectors.slice(start, next));
  });
}

/** The manifest once the plan of ../index/compaction.ts is carried out, each rewritten segment handed to `write`. */
async function compact(
  baseDir: string,
  manifest: IndexManifest,
  writtenNow: ReadonlySet<string>,
  write: (segment: SegmentContent) => Promise<void>,
): Promise<IndexManifest> {
  const plan = planCompaction(manifest.segments, writtenNow);
  if (plan.dropped.length === 0 && plan.rewritten.length === 0) return manifest;
  const renamed = new Map<string, string>();
  let segments: IndexSegment[] = manifest.segments.filter((s) => !plan.dropped.includes(s.name));
  for (const group of plan.rewritten) {
    // Only segments of the base version are planned: the ones written now are left as they are.
    const content = await compactSegments(baseDir, manifest, group);
    await write(content);
    for (const name of group) renamed.set(name, content.name);
    const members = segments.filter((s) => group.includes(s.name));
    const passages = members.reduce((n, s) => n + s.passages - s.deleted.length, 0);
    const at = segments.findIndex((s) => group.includes(s.name));
    segments = segments.filter((s) => !group.includes(s.name));
    segments.splice(at, 0, { name: content.name, passages, deleted: [] });
  }
  const documents = manifest.documents.map((d) =>
    d.segment && renamed.has(d.segment) ? { ...d, segment: renamed.get(d.segment)! } : d,
  );
  return { ...manifest, segments, documents };
}

/** What the version before kept per document for derived data, or nothing if it cannot be read. */
async function previousDerived(indexDir: string, version: string): Promise<unknown> {
  return readDerivedFile(indexDir, version, 'byDocument').catch(() => undefined);
}

/** The passages of the documents named, in label order, read from the folder that holds their segment. */
async function passagesOf(
  manifest: IndexManifest,
  folderOf: (segment: string) => string,
  docIds: readonly string[],
): Promise<Map<string, StoredChunk[]>> {
  const byDoc = new Map<string, StoredChunk[]>(docIds.map((id) => [id, []]));
  const wanted = manifest.documents.filter((d) => byDoc.has(d.id) && d.segment !== undefined);
  const segmentNames = new Set(wanted.map((d) => d.segment!));
  const byFolder = new Map<string, IndexSegment[]>();
  for (const segment of manifest.segments) {
    if (!segmentNames.has(segment.name)) continue;
    const folder = folderOf(segment.name);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), segment]);
  }
  for (const [folder, segments] of byFolder) {
    const chunks = await readSegmentChunks(folder, segments);
    const inFolder = new Set(segments.map((s) => s.name));
    for (const doc of wanted) {
      if (!inFolder.has(doc.segment!)) continue;
      const list = byDoc.get(doc.id)!;
      for (const label of doc.labels) {
        const chunk = chunks.get(label);
        if (chunk) list.push(chunk);
      }
    }
  }
  return byDoc;
}

function uniqueId(base: string, source: string, used: Set<string>): string {
  let id = base;
  if (used.has(id)) id = `${base}-${source.split('.').pop()?.toLowerCase() ?? 'doc'}`;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

function fileReport(source: string, status: FileStatus, doc: IndexedDocument, chunks: number): FileReport {
  const pageStatus = doc.pageStatus ?? [];
  return {
    source,
    status,
    pages: doc.pages,
    chunks,
    ocrPages: pageStatus.filter((p) => p === 'ocr').length,
    scanPages: pageStatus.filter((p) => p === 'scan').length,
    warnings: status === 'unchanged' || status === 'removed' ? [] : doc.warnings,
  };
}
