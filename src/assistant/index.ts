/**
 * The assistant: loads the embedding model and the index (ingesting the corpus first on a fresh
 * install), answers, searches, lists documents and re-ingests. A re-ingest builds the new index beside
 * the live one and swaps a single reference when it is loaded, so requests in flight finish on the
 * old index and no request ever sees a half-built one.
 */
import { realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Logger } from 'pino';
import { answerQuestion } from '../answer/answer.ts';
import { COMMITMENTS_EXTRACTOR, storedCommitmentsSchema } from '../commitments/index.ts';
import type { Embedder } from '../embedding/types.ts';
import { serviceEntryPoints } from '../entry-points.ts';
import type { DenseSearcher, DenseSegments } from '../index/dense.ts';
import { mapInSlices } from '../index/give-way.ts';
import type { SharedLexical } from '../index/lexical.ts';
import { compareSettings, IndexError, type IndexedDocument, type IndexManifest } from '../index/manifest.ts';
import { hasIndex, loadIndex, loadManifest, readDerivedFile, type SharedParts } from '../index/store.ts';
import { ingestInChild } from '../ingest/child.ts';
import { PIPELINE_SETTINGS } from '../ingest/pipeline.ts';
import { progressPrinter } from '../ingest/report.ts';
import type { SearchableIndex } from '../retrieval/hybrid.ts';
import { AnswerCache } from './answer-cache.ts';
import { searchIndex } from './search.ts';
import { embeddingOptions as embeddingOptionsOf, openServiceEmbedder } from './service-embedder.ts';
import type { AssistantOptions, Commitment, DocumentInfo, LocalAssistant, ReindexReport } from './types.ts';

export { embeddingOptions } from './service-embedder.ts';

/**
 * What the main thread serves besides answers: documents, their files, commitments. Read from the
 * manifest and `commitments.json`, never from the passages, so loading a version costs this thread
 * milliseconds even at 100,000 passages, and requests are not held up by a reindex.
 */
interface Catalog {
  version: string;
  documents: Map<string, IndexedDocument>;
  infos: DocumentInfo[];
  commitments: Commitment[];
}

interface LiveState {
  catalog: Catalog;
  /** The passages, when this thread answers (no answer threads); undefined otherwise. */
  searchable?: SearchableIndex;
  /** Answers from this index only: a reindex starts an empty one. */
  answers: AnswerCache;
}

function refuseOtherSettings(indexDir: string, manifest: IndexManifest, embedder: Embedder): void {
  const differences = compareSettings(manifest, embedder.spec, PIPELINE_SETTINGS);
  if (differences.length > 0) {
    throw new IndexError(
      'mismatch',
      `l'index ${indexDir} a été construit avec d'autres réglages (${differences.join(' ; ')}) : relancez « npm run ingest -- --full ».`,
    );
  }
}

/**
 * Loads the live index (or the version named) and refuses one built with another model or pipeline.
 * What another thread holds of it (`shared`) is searched there, or on its memory, not loaded again.
 */
export async function loadSearchable(
  indexDir: string,
  embedder: Embedder,
  version?: string,
  shared?: { lexical?: SharedLexical },
): Promise<SearchableIndex<DenseSegments>>;
export async function loadSearchable(
  indexDir: string,
  embedder: Embedder,
  version: string | undefined,
  shared: SharedParts & { dense: DenseSearcher },
): Promise<SearchableIndex>;
export async function loadSearchable(
  indexDir: string,
  embedder: Embedder,
  version?: string,
  shared: SharedParts = {},
): Promise<SearchableIndex> {
  const index = shared.dense
    ? await loadIndex(indexDir, version, { ...shared, dense: shared.dense })
    : await loadIndex(indexDir, version, shared);
  refuseOtherSettings(indexDir, index.manifest, embedder);
  const documents = new Map(index.manifest.documents.map((d) => [d.id, d]));
  return { index, documents, embedder };
}

/** The documents and commitments of the live version (or the one named), without its passages. */
async function loadCatalog(indexDir: string, embedder: Embedder, named?: string): Promise<Catalog> {
  const { manifest, version } = await loadManifest(indexDir, named);
  refuseOtherSettings(indexDir, manifest, embedder);
  if (manifest.derived.commitments !== COMMITMENTS_EXTRACTOR) {
    // `npm run ingest` recomputes them from the passages indexed, without reading any document.
    throw new IndexError(
      'mismatch',
      `les engagements de l'index ${indexDir} ont été extraits par d'autres règles (${manifest.derived.commitments}, actuelles : ${COMMITMENTS_EXTRACTOR}) : relancez « npm run ingest ».`,
    );
  }
  const stored = await checkCommitments(await readDerivedFile(indexDir, version, 'commitments'));
  if (!stored.success) {
    throw new IndexError(
      'corrupt',
      `les engagements de l'index ${indexDir}/${version} sont illisibles : relancez « npm run ingest -- --full ».`,
    );
  }
  return {
    version,
    documents: new Map(manifest.documents.map((d) => [d.id, d])),
    infos: manifest.documents.map(documentInfo),
    commitments: stored.data,
  };
}

/** The stored commitments checked one by one in slices (the main thread serves meanwhile). */
async function checkCommitments(raw: unknown) {
  if (!Array.isArray(raw)) return storedCommitmentsSchema.safeParse(raw);
  const each = await mapInSlices(raw, (c) => storedCommitmentsSchema.element.safeParse(c));
  return each.every((c) => c.success)
    ? { success: true as const, data: each.map((c) => c.data!) }
    : { success: false as const };
}

function documentInfo(doc: IndexedDocument): DocumentInfo {
  return {
    id: doc.id,
    source: doc.source,
    title: doc.meta.title,
    url: doc.meta.url,
    publisher: doc.meta.publisher,
    date: doc.meta.date,
    kind: doc.meta.kind,
    excerpt: doc.meta.excerpt,
    pages: doc.pages,
    chunks: doc.labels.length,
    mime: doc.mime,
  };
}

export interface OpenAssistantOptions {
  /**
   * Questions and searches go to answer threads (./pool.ts), which hold the passages: this thread
   * then loads only the catalog, and `ask` and `search` are the pool's.
   */
  answerThreads?: boolean;
}

/** The assistant this process serves from, with the model its answer threads embed questions with. */
export type OpenedAssistant = LocalAssistant & { embedder(): Embedder };

export async function openAssistant(
  options: AssistantOptions,
  logger?: Logger,
  { answerThreads = false }: OpenAssistantOptions = {},
): Promise<OpenedAssistant> {
  // Compiled now, so that no update waits for it (../ingest/entry-points.ts).
  void serviceEntryPoints(logger);
  const model = await openServiceEmbedder(options, logger);
  const { embedder } = model;
  // In a child process, so that what reading and embedding used goes back to the system (./child.ts).
  const runIngest = () =>
    ingestInChild({
      corpusDir: options.corpusDir,
      indexDir: options.indexDir,
      ocr: options.ocr,
      embedding: embeddingOptionsOf(options),
      // A long reindex says how far it is and how long it has left, every few seconds, in the log.
      onEvent: logger
        ? progressPrinter({
            isTTY: false,
            write: (line: string) => {
              logger.info(`indexation : ${line.trimEnd()}`);
              return true;
            },
          })
        : undefined,
    });
  const loadState = async (version?: string): Promise<LiveState> => {
    const catalog = await loadCatalog(options.indexDir, embedder, version);
    return {
      catalog,
      // The version the catalog was read from, even if an ingestion has switched `CURRENT` since.
      searchable: answerThreads
        ? undefined
        : await loadSearchable(options.indexDir, embedder, catalog.version),
      answers: new AnswerCache(options.answerCacheSize),
    };
  };
  const passages = (live: LiveState): SearchableIndex => {
    if (!live.searchable) throw new Error('les passages sont chargés par les fils de réponse, pas ici');
    return live.searchable;
  };
  if (options.ingestIfMissing && !(await hasIndex(options.indexDir))) await runIngest();
  let state: LiveState;
  try {
    state = await loadState();
  } catch (error) {
    // After an upgrade that changes how documents are read or cut, or another model: rebuilt, as
    // `npm run ingest` would. A corrupt index is still refused (the error says what to do).
    if (!(options.ingestIfMissing && error instanceof IndexError && error.code === 'mismatch')) throw error;
    await runIngest();
    state = await loadState();
  }
  const corpusRoot = realpathSync(resolve(options.corpusDir));

  return {
    ready: () => true,

    async ask(question, history) {
      const live = state;
      const cached = live.answers.get(question, history);
      if (cached) return cached;
      const answer = await answerQuestion(
        { searchable: passages(live), contact: options.contact, generative: options.generative },
        question,
        history,
      );
      live.answers.set(question, history, answer);
      return answer;
    },

    search: (query, searchOptions) => searchIndex(passages(state), query, searchOptions),

    documents: () => state.catalog.infos,

    documentFile(id) {
      const doc = state.catalog.documents.get(id);
      if (!doc) return undefined;
      try {
        const path = realpathSync(resolve(corpusRoot, doc.source));
        // The source comes from our own manifest, but a symlink in the corpus must not lead outside it.
        if (!path.startsWith(corpusRoot + sep)) return undefined;
        return { path, mime: doc.mime };
      } catch {
        return undefined;
      }
    },

    commitments: () => state.catalog.commitments,

    async reindex(): Promise<ReindexReport> {
      const report = await runIngest();
      // Nothing changed (same version): what is served stays, answer cache included.
      if (report.version !== state.catalog.version) state = await loadState();
      const count = (status: string) => report.files.filter((f) => f.status === status).length;
      return {
        ok: report.failed === 0,
        added: count('added'),
        changed: count('changed'),
        unchanged: count('unchanged'),
        removed: count('removed'),
        failed: report.files
          .filter((f) => f.status === 'failed')
          .map((f) => ({ source: f.source, reason: f.reason ?? 'erreur inconnue' })),
        durationMs: report.durationMs,
      };
    },

    servedVersion: () => state.catalog.version,

    async switchTo(version, beforeSwap) {
      const next = await loadState(version);
      await beforeSwap?.();
      state = next;
    },

    embedder: () => embedder,
    embeddingsHealth: () => model.health?.(),

    async close() {
      model.close();
    },
  };
}
