/**
 * One answering thread of the pool (./pool.ts): it loads the live index read-only, never ingests,
 * and answers the questions the main thread sends it. Questions are embedded by the main thread:
 * onnxruntime-node 1.21 keeps per-process state in statics, and a second thread running a session
 * aborts the process ("HandleScope… without proper locking", microsoft/onnxruntime#24486); it also
 * spares each worker a copy of the model. Index versions are
 * the pool's numbers: a question names the version it must be answered on, so a reindex can load the
 * new one in every worker before any question is sent to it, and drop the old one afterwards.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { answerQuestion } from '../answer/answer.ts';
import type { Answer, Turn } from '../answer/types.ts';
import type { Embedder, EmbeddingSpec } from '../embedding/index.ts';
import type { SearchableIndex } from '../retrieval/hybrid.ts';
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
}

export type WorkerRequest =
  | { type: 'ask'; id: number; version: number; question: string; history: Turn[] }
  /** The agents' search: the main thread holds no passages when answers are on threads. */
  | { type: 'search'; id: number; version: number; query: string; options: SearchOptions }
  /** Loads the index now on disk and serves it under each of these versions. */
  /** The pool's version numbers and the index folder each stands for. */
  | { type: 'load'; id: number; versions: { version: number; folder: string }[] }
  | { type: 'drop'; version: number }
  | { type: 'embedded'; id: number; vector: Float32Array }
  | { type: 'embed-failed'; id: number; message: string };

export type WorkerReply =
  | { type: 'answer'; id: number; answer: Answer }
  | { type: 'hits'; id: number; hits: SearchHit[] }
  | { type: 'loaded'; id: number }
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
  const reply = (message: WorkerReply) => port.postMessage(message);
  const fail = (id: number, error: unknown) =>
    reply({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });

  port.on('message', (request: WorkerRequest) => {
    switch (request.type) {
      case 'ask': {
        // Taken now, not after an await: a question finishes on the index it was sent to.
        const searchable = indexes.get(request.version);
        if (!searchable) {
          fail(request.id, new Error(`version d'index ${request.version} absente de ce fil`));
          return;
        }
        answerQuestion(
          { searchable, contact: options.contact, generative: options.generative },
          request.question,
          request.history,
        ).then(
          (answer) => reply({ type: 'answer', id: request.id, answer }),
          (error: unknown) => fail(request.id, error),
        );
        return;
      }
      case 'search': {
        const searchable = indexes.get(request.version);
        if (!searchable) {
          fail(request.id, new Error(`version d'index ${request.version} absente de ce fil`));
          return;
        }
        searchIndex(searchable, request.query, request.options).then(
          (hits) => reply({ type: 'hits', id: request.id, hits }),
          (error: unknown) => fail(request.id, error),
        );
        return;
      }
      case 'load': {
        const folders = [...new Set(request.versions.map((v) => v.folder))];
        Promise.all(folders.map((folder) => loadSearchable(options.indexDir, embedder, folder))).then(
          (loaded) => {
            for (const { version, folder } of request.versions) {
              indexes.set(version, loaded[folders.indexOf(folder)]!);
            }
            reply({ type: 'loaded', id: request.id });
          },
          (error: unknown) => fail(request.id, error),
        );
        return;
      }
      case 'drop':
        indexes.delete(request.version);
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
