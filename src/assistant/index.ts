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
import { citationFor } from '../answer/citation.ts';
import { extractCommitments } from '../commitments/index.ts';
import type { Embedder } from '../embedding/types.ts';
import { compareSettings, IndexError, type IndexedDocument } from '../index/manifest.ts';
import { hasIndex, loadIndex } from '../index/store.ts';
import { ingestInChild } from '../ingest/child.ts';
import { PIPELINE_SETTINGS } from '../ingest/pipeline.ts';
import { retrieve, type SearchableIndex } from '../retrieval/hybrid.ts';
import { foldText } from '../text/french.ts';
import { AnswerCache } from './answer-cache.ts';
import { embeddingOptions as embeddingOptionsOf, openServiceEmbedder } from './service-embedder.ts';
import type {
  AssistantOptions,
  Commitment,
  DocumentInfo,
  LocalAssistant,
  ReindexReport,
  SearchHit,
} from './types.ts';

export { embeddingOptions } from './service-embedder.ts';

interface LiveState {
  searchable: SearchableIndex;
  /** Answers from this index only: a reindex starts an empty one. */
  answers: AnswerCache;
  documents: DocumentInfo[];
  commitments: Commitment[];
}

/** Loads the live index (or the version named) and refuses one built with another model or pipeline. */
export async function loadSearchable(
  indexDir: string,
  embedder: Embedder,
  version?: string,
): Promise<SearchableIndex> {
  const index = await loadIndex(indexDir, version);
  const differences = compareSettings(index.manifest, embedder.spec, PIPELINE_SETTINGS);
  if (differences.length > 0) {
    throw new IndexError(
      'mismatch',
      `l'index ${indexDir} a été construit avec d'autres réglages (${differences.join(' ; ')}) : relancez « npm run ingest -- --full ».`,
    );
  }
  const documents = new Map(index.manifest.documents.map((d) => [d.id, d]));
  return { index, documents, embedder };
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

function buildState(searchable: SearchableIndex, answerCacheSize: number): LiveState {
  const docs = [...searchable.documents.values()];
  const { chunks } = searchable.index;
  const sources = [...chunks.values()].flatMap((chunk) => {
    const doc = searchable.documents.get(chunk.docId);
    if (!doc) return [];
    const url =
      doc.mime === 'application/pdf' ? `/documents/${doc.id}` : (doc.meta.url ?? `/documents/${doc.id}`);
    return [
      {
        docId: doc.id,
        source: doc.source,
        title: doc.meta.title,
        url,
        page: chunk.page,
        headingPath: chunk.headingPath,
        text: chunk.text,
        date: doc.meta.date,
      },
    ];
  });
  return {
    searchable,
    answers: new AnswerCache(answerCacheSize),
    documents: docs.map(documentInfo),
    commitments: extractCommitments(sources),
  };
}

/** The assistant this process serves from, with the model its answer threads embed questions with. */
export type OpenedAssistant = LocalAssistant & { embedder(): Embedder };

export async function openAssistant(options: AssistantOptions, logger?: Logger): Promise<OpenedAssistant> {
  const model = await openServiceEmbedder(options, logger);
  const { embedder } = model;
  // In a child process, so that what reading and embedding used goes back to the system (./child.ts).
  const runIngest = () =>
    ingestInChild({
      corpusDir: options.corpusDir,
      indexDir: options.indexDir,
      ocr: options.ocr,
      embedding: embeddingOptionsOf(options),
    });
  if (options.ingestIfMissing && !(await hasIndex(options.indexDir))) await runIngest();
  let searchable: SearchableIndex;
  try {
    searchable = await loadSearchable(options.indexDir, embedder);
  } catch (error) {
    // After an upgrade that changes how documents are read or cut, or another model: rebuilt, as
    // `npm run ingest` would. A corrupt index is still refused (the error says what to do).
    if (!(options.ingestIfMissing && error instanceof IndexError && error.code === 'mismatch')) throw error;
    await runIngest();
    searchable = await loadSearchable(options.indexDir, embedder);
  }
  let state = buildState(searchable, options.answerCacheSize);
  const corpusRoot = realpathSync(resolve(options.corpusDir));

  return {
    ready: () => true,

    async ask(question, history) {
      const live = state;
      const cached = live.answers.get(question, history);
      if (cached) return cached;
      const answer = await answerQuestion(
        { searchable: live.searchable, contact: options.contact, generative: options.generative },
        question,
        history,
      );
      live.answers.set(question, history, answer);
      return answer;
    },

    async search(query, searchOptions) {
      const passages = await retrieve(state.searchable, query, searchOptions);
      const queryWords = foldText(query)
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 2);
      return passages.map((p): SearchHit => {
        const { n: _n, ...citation } = citationFor(p, 0);
        return { ...citation, score: p.score, matchedTerms: [...new Set([...p.matched, ...queryWords])] };
      });
    },

    documents: () => state.documents,

    documentFile(id) {
      const doc = state.searchable.documents.get(id);
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

    commitments: () => state.commitments,

    async reindex(): Promise<ReindexReport> {
      const report = await runIngest();
      state = buildState(await loadSearchable(options.indexDir, embedder), options.answerCacheSize);
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

    servedVersion: () => state.searchable.index.version,

    async switchTo(version, beforeSwap) {
      const next = buildState(
        await loadSearchable(options.indexDir, embedder, version),
        options.answerCacheSize,
      );
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
