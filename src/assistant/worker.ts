/**
 * One answering thread of the pool (./pool.ts): it loads the live index read-only, never ingests,
 * and answers the questions the main thread sends it. Questions are embedded by the main thread:
 * onnxruntime-node 1.21 keeps per-process state in statics, and a second thread running a session
 * aborts the process ("HandleScope… without proper locking", microsoft/onnxruntime#24486); it also
 * spares each worker a copy of the model. Index versions are
 * the pool's numbers: a question names the version it must be answered on, so a reindex can load the
 * new one in every worker before any question is sent to it, and drop the old one afterwards.
 *
 * One copy of a version for all threads: the first answer thread to load it hands its lexical index
 * (shared arrays) back to the pool, which gives it to the others with their `load`; and with two
 * answer threads or more, the graphs are searched in the graph thread (./graph-thread.ts).
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { answerQuestion } from '../answer/answer.ts';
import type { Answer, Turn } from '../answer/types.ts';
import type { Embedder, EmbeddingSpec } from '../embedding/index.ts';
import { answering } from '../index/give-way.ts';
import type { SharedLexical } from '../index/lexical.ts';
import type { LexicalMade } from '../index/lexical-versions.ts';
import type { SearchableIndex } from '../retrieval/hybrid.ts';
import { GraphClient } from './graph-client.ts';
import { loadSearchable } from './index.ts';
import { searchIndex } from './search.ts';
import type { Contact, GenerativeOptions, SearchHit, SearchOptions } from './types.ts';

/** What a worker is started with (structured-cloned, so plain data only). */
export interface AnswerWorkerData {
  indexDir: string;
  /** The main thread's model, which the index must have been built with. */
  spec: EmbeddingSpec;
  contact: Contact;
  generative?: GenerativeOptions;
  /** The graphs are held by the graph thread (./graph-thread.ts), which the pool connects it to. */
  graphThread?: boolean;
}

export type WorkerRequest =
  | { type: 'ask'; id: number; version: number; question: string; history: Turn[] }
  /** The agents' search: the main thread holds no passages when answers are on threads. */
  | { type: 'search'; id: number; version: number; query: string; options: SearchOptions }
  /**
   * The pool's version numbers and the index folder each stands for, with the folder's lexical
   * index when another thread has loaded it already.
   */
  | { type: 'load'; id: number; versions: { version: number; folder: string; lexical?: SharedLexical }[] }
  | { type: 'drop'; version: number }
  /** A channel to the graph thread, or word that it stopped (./graph-client.ts). */
  | { type: 'graph-port'; port: MessagePort }
  | { type: 'graph-lost' }
  | { type: 'embedded'; id: number; vector: Float32Array }
  | { type: 'embed-failed'; id: number; message: string };

export type WorkerReply =
  | { type: 'answer'; id: number; answer: Answer }
  | { type: 'hits'; id: number; hits: SearchHit[] }
  /**
   * With the lexical index of each folder it read from disk, for the other threads, and how it made
   * each folder's (read whole, made from the version before, or adopted from another thread).
   */
  | {
      type: 'loaded';
      id: number;
      lexical: { folder: string; shared: SharedLexical }[];
      made: { folder: string; lexical?: LexicalMade }[];
    }
  | { type: 'error'; id: number; message: string }
  /** A question to embed, with the worker's own id. */
  | { type: 'embed'; id: number; text: string };

if (parentPort) {
  const port = parentPort;
  const options = workerData as AnswerWorkerData;
  const embeddings = new Map<number, { resolve: (v: Float32Array) => void; reject: (e: Error) => void }>();
  let nextEmbedding = 1;
  const embedder: Embedder = {
    spec: options.spec,
    embedQuery(text) {
      const id = nextEmbedding++;
      return new Promise((resolve, reject) => {
        embeddings.set(id, { resolve, reject });
        reply({ type: 'embed', id, text });
      });
    },
    embedPassages: () => Promise.reject(new Error("un fil de réponse n'indexe pas")),
  };
  const indexes = new Map<number, SearchableIndex>();
  const graphs = options.graphThread ? new GraphClient() : undefined;
  const reply = (message: WorkerReply) => port.postMessage(message);
  const fail = (id: number, error: unknown) =>
    reply({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });

  /** A folder's index, and its lexical index to share when this thread is the one that read it. */
  async function loadFolder(folder: string, lexical: SharedLexical | undefined) {
    const searchable = graphs
      ? // Bound to each version that names the folder when it is served (below).
        await loadSearchable(options.indexDir, embedder, folder, { lexical, dense: graphs.searcher(-1) })
      : await loadSearchable(options.indexDir, embedder, folder, { lexical });
    return { folder, searchable, shared: lexical ? undefined : await searchable.index.lexical.toShared() };
  }

  port.on('message', (request: WorkerRequest) => {
    switch (request.type) {
      case 'ask': {
        // Taken now, not after an await: a question finishes on the index it was sent to.
        const searchable = indexes.get(request.version);
        if (!searchable) {
          fail(request.id, new Error(`version d'index ${request.version} absente de ce fil`));
          return;
        }
        // A version loading meanwhile waits for it between its slices (../index/give-way.ts).
        const answered = answering();
        answerQuestion(
          { searchable, contact: options.contact, generative: options.generative },
          request.question,
          request.history,
        )
          .then(
            (answer) => reply({ type: 'answer', id: request.id, answer }),
            (error: unknown) => fail(request.id, error),
          )
          .finally(answered);
        return;
      }
      case 'search': {
        const searchable = indexes.get(request.version);
        if (!searchable) {
          fail(request.id, new Error(`version d'index ${request.version} absente de ce fil`));
          return;
        }
        const searched = answering();
        searchIndex(searchable, request.query, request.options)
          .then(
            (hits) => reply({ type: 'hits', id: request.id, hits }),
            (error: unknown) => fail(request.id, error),
          )
          .finally(searched);
        return;
      }
      case 'load': {
        const folders = [...new Map(request.versions.map((v) => [v.folder, v.lexical]))];
        Promise.all(folders.map(([folder, lexical]) => loadFolder(folder, lexical))).then(
          (loaded) => {
            for (const { version, folder } of request.versions) {
              const searchable = loaded[folders.findIndex(([f]) => f === folder)]!.searchable;
              // Each version's graphs are searched in the graph thread under its own number.
              const index = graphs && { ...searchable.index, dense: graphs.searcher(version) };
              indexes.set(version, index ? { ...searchable, index } : searchable);
            }
            const lexical = loaded.flatMap(({ folder, shared }) => (shared ? [{ folder, shared }] : []));
            const made = loaded.map(({ folder, searchable }) => ({
              folder,
              lexical: searchable.index.lexicalMade,
            }));
            reply({ type: 'loaded', id: request.id, lexical, made });
          },
          (error: unknown) => fail(request.id, error),
        );
        return;
      }
      case 'drop':
        indexes.delete(request.version);
        return;
      case 'graph-port':
        graphs?.connect(request.port);
        return;
      case 'graph-lost':
        graphs?.lost();
        return;
      case 'embedded':
      case 'embed-failed': {
        const waiting = embeddings.get(request.id);
        embeddings.delete(request.id);
        if (request.type === 'embedded') waiting?.resolve(request.vector);
        else waiting?.reject(new Error(request.message));
        return;
      }
    }
  });
}
