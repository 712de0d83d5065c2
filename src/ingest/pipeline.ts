/**
 * Incremental ingestion: corpus folder → index version.
 *
 * Files are compared with the live index by checksum. Unchanged ones keep their chunks and vectors;
 * changed ones have their old chunks deleted (HNSW `markDelete`, exact lexical removal) and new ones
 * added; removed ones are deleted. When nothing changed no new version is written, so a re-run on an
 * unchanged corpus costs one read of each file and no model load. A file that cannot be read is
 * reported; if an earlier version of it was indexed, that version keeps serving.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Embedder } from '../embedding/types.ts';
import { DEFAULT_DENSE_PARAMS, DenseIndex } from '../index/dense.ts';
import { LexicalIndex } from '../index/lexical.ts';
import {
  compareSettings,
  INDEX_FORMAT_VERSION,
  IndexError,
  type IndexedDocument,
  type IndexManifest,
  type PipelineSettings,
} from '../index/manifest.ts';
import {
  hasIndex,
  type LoadedIndex,
  loadIndex,
  removeOrphans,
  type StoredChunk,
  saveIndex,
} from '../index/store.ts';
import { chunkBlocks, DEFAULT_CHUNK_OPTIONS } from './chunk.ts';
import { DERIVED_VERSIONS, deriveData } from './derived.ts';
import { type EmbedHelper, embedBeside } from './embed-helper.ts';
import { acquireIngestLock } from './lock.ts';
import { passageContext, passageForEmbedding } from './passage.ts';
import { readDocument } from './read-document.ts';
import { type CorpusFile, checksumFile, documentId, listCorpus, mimeType } from './scan.ts';
import type { Chunk } from './types.ts';

/** Bump when a reader, the chunker or the analyser changes what it produces: old indexes are then rebuilt. */
export const PIPELINE_SETTINGS: PipelineSettings = {
  readers: 'readers-3',
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
}

interface Pending {
  file: CorpusFile;
  doc: IndexedDocument;
  chunks: Chunk[];
}

function emptyIndex(embedder: Embedder): LoadedIndex {
  const manifest: IndexManifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    embedding: { ...embedder.spec },
    pipeline: PIPELINE_SETTINGS,
    dense: { space: 'cosine', ...DEFAULT_DENSE_PARAMS, deleted: [] },
    nextLabel: 0,
    documents: [],
    derived: { ...DERIVED_VERSIONS },
  };
  return {
    manifest,
    chunks: new Map(),
    lexical: new LexicalIndex(),
    dense: DenseIndex.create(embedder.spec.dimensions, DEFAULT_DENSE_PARAMS),
  };
}

/** The live index if it can be built upon, with the reason when it cannot. */
async function startingPoint(options: IngestOptions): Promise<{ index?: LoadedIndex; rebuild?: string }> {
  if (options.full) return { rebuild: 'reconstruction complète demandée (--full)' };
  if (!(await hasIndex(options.indexDir))) return {};
  try {
    const index = await loadIndex(options.indexDir);
    const wanted =
      options.modelId === undefined
        ? (await options.loadEmbedder()).spec
        : {
            ...index.manifest.embedding,
            provider: options.provider ?? 'transformers',
            modelId: options.modelId,
          };
    const differences = compareSettings(index.manifest, wanted, PIPELINE_SETTINGS);
    if (differences.length > 0) {
      return { rebuild: `index construit avec d'autres réglages (${differences.join(', ')}) : reconstruit` };
    }
    return { index };
  } catch (error) {
    if (error instanceof IndexError) return { rebuild: `${error.message.split(':')[0]} : reconstruit` };
    throw error;
  }
}

function removeDocument(index: LoadedIndex, doc: IndexedDocument): void {
  for (const label of doc.labels) {
    index.dense.remove(label);
    index.lexical.remove(label);
    index.chunks.delete(label);
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
  const { index: previous, rebuild } = await startingPoint(options);
  const previousDocs = new Map((previous?.manifest.documents ?? []).map((d) => [d.source, d]));
  const files = await listCorpus(options.corpusDir);
  options.onEvent?.({ type: 'start', files: files.length });

  const reports: FileReport[] = [];
  const pending: Pending[] = [];
  const kept: IndexedDocument[] = [];
  // Documents keep their id across re-ingests; new ones get one that no other document holds.
  const usedIds = new Set(files.flatMap((f) => previousDocs.get(f.source)?.id ?? []));

  for (const [i, file] of files.entries()) {
    options.onEvent?.({ type: 'file', source: file.source, index: i, files: files.length });
    const old = previousDocs.get(file.source);
    previousDocs.delete(file.source);
    const { checksum, data } = await checksumFile(file);
    if (old && old.checksum === checksum) {
      kept.push(old);
      reports.push(fileReport(file.source, 'unchanged', old, old.labels.length));
      continue;
    }
    const read = await readDocument(file, data, { ocr: options.ocr ?? false });
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
    previous !== undefined && previous.manifest.derived.commitments !== DERIVED_VERSIONS.commitments;
  const changed = rebuild !== undefined || pending.length > 0 || previousDocs.size > 0 || staleDerived;
  let version = previous?.version;
  let index = previous;
  if (changed) {
    const embedder = await options.loadEmbedder();
    index = previous ?? emptyIndex(embedder);
    if (previous) {
      const differences = compareSettings(previous.manifest, embedder.spec, PIPELINE_SETTINGS);
      if (differences.length > 0) throw new IndexError('mismatch', differences.join(', '));
    }
    for (const removed of previousDocs.values()) removeDocument(index, removed);
    const replaced = new Map(index.manifest.documents.map((d) => [d.source, d]));
    for (const { file } of pending) {
      const old = replaced.get(file.source);
      if (old) removeDocument(index, old);
    }
    await addPending(index, pending, embedder, options);
    index.manifest = {
      ...index.manifest,
      createdAt: new Date().toISOString(),
      documents: [...kept, ...pending.map((p) => p.doc)].sort((a, b) => a.source.localeCompare(b.source)),
      derived: { ...DERIVED_VERSIONS },
    };
    // Here, once, rather than in every process that loads the version (./derived.ts).
    index.derived = deriveData(index);
    version = await saveIndex(options.indexDir, index);
  }

  const documents = index?.manifest.documents ?? [];
  return {
    corpusDir: options.corpusDir,
    indexDir: options.indexDir,
    version,
    rebuilt: rebuild,
    files: reports,
    totals: {
      documents: documents.length,
      pages: documents.reduce((sum, d) => sum + (d.pages ?? 0), 0),
      chunks: documents.reduce((sum, d) => sum + d.labels.length, 0),
    },
    failed: reports.filter((r) => r.status === 'failed').length,
    durationMs: Math.round(performance.now() - started),
  };
}

async function addPending(
  index: LoadedIndex,
  pending: Pending[],
  embedder: Embedder,
  options: IngestOptions,
): Promise<void> {
  const all = pending.flatMap((p) => p.chunks.map((chunk) => ({ chunk, doc: p.doc })));
  // Marks when embedding starts (the model is loaded by now), so its rate excludes reading and loading.
  options.onEvent?.({ type: 'embed', done: 0, total: all.length });
  const batches: (typeof all)[] = [];
  for (let start = 0; start < all.length; start += EMBED_BATCH)
    batches.push(all.slice(start, start + EMBED_BATCH));
  const texts = (batch: typeof all) => batch.map(({ chunk, doc }) => passageForEmbedding(chunk, doc.meta));
  let done = 0;
  const addBatch = (batch: typeof all, vectors: Float32Array[]) => {
    for (const [i, { chunk, doc }] of batch.entries()) {
      const label = index.manifest.nextLabel++;
      const stored: StoredChunk = { ...chunk, label };
      index.chunks.set(label, stored);
      index.lexical.add(label, { body: chunk.text, context: passageContext(chunk, doc.meta) });
      index.dense.add(label, vectors[i]!);
      doc.labels.push(label);
    }
    done += batch.length;
    options.onEvent?.({ type: 'embed', done, total: all.length });
  };
  const helper =
    options.startEmbedHelper && all.length >= PARALLEL_MIN_PASSAGES && availableParallelism() > 1
      ? options.startEmbedHelper()
      : undefined;
  if (!helper) {
    for (const batch of batches) addBatch(batch, await embedder.embedPassages(texts(batch)));
    return;
  }
  try {
    await embedBeside(batches.map(texts), embedder, helper, (i, vectors) => addBatch(batches[i]!, vectors));
  } finally {
    helper.close();
  }
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
