/**
 * Answers on worker threads. Answering is the CPU-heavy part of a chat request (query embedding,
 * BM25 + HNSW, sentence scoring); on one event loop it queues behind HTTP, SQLite and logging. The
 * pool runs it on `size` threads (./worker.ts), each with its own read-only copy of the index,
 * and the agents' search too; the main thread keeps HTTP, the store, documents, commitments, the
 * answer cache, ingestion and the embedding model (it embeds the workers' questions: see
 * ./worker.ts). It holds no passages: loading a version there reads only the manifest and the
 * commitments, so a reindex does not hold up its requests.
 *
 * A reindex ingests on the main thread, then every worker loads the new version beside the old one;
 * questions move to it only once all have, and those in flight finish on the old one. A worker that
 * dies is replaced; only the questions it held fail, with an internal error (a plain 500). Versions
 * name their index folder, so a replacement loads what the others serve, even if an ingestion has
 * meanwhile switched the folder on disk.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Answer, Turn } from '../answer/types.ts';
import type { Embedder } from '../embedding/index.ts';
import { liveVersion } from '../index/store.ts';
import { AnswerCache } from './answer-cache.ts';
import { openAssistant } from './index.ts';
import type { AssistantOptions, LocalAssistant, SearchHit, SearchOptions } from './types.ts';
import type { AnswerWorkerData, WorkerReply, WorkerRequest } from './worker.ts';

/**
 * The worker is TypeScript. `execArgv: ['--import', 'tsx']` is not enough on Node 20: the worker's
 * entry is resolved before that hook is in place ("Unknown file extension .ts"). So the thread starts
 * from a small ES module that registers tsx first, then imports ./worker.ts; this works whether the
 * parent runs under tsx (`npm start`) or vitest.
 */
const WORKER_BOOT = new URL(
  `data:text/javascript,${encodeURIComponent(
    `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
register();
await import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)});`,
  )}`,
);
/** A worker that dies before it is ready (a bad index, a missing model) is not restarted in a hot loop. */
const RESTART_DELAY_MS = 1_000;
/** Attempts at loading a new version on one worker when it dies meanwhile. */
const LOAD_ATTEMPTS = 3;

export interface AnswerPoolOptions extends Omit<AnswerWorkerData, 'spec'> {
  size: number;
  /** Embeds the workers' questions on this thread (see ./worker.ts for why). */
  embedder: Embedder;
  logger?: Logger;
}

/** The thread answering a question stopped before replying; the question may be asked again. */
export class AnswerWorkerExit extends Error {
  override name = 'AnswerWorkerExit';
}

type Pending = { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void };
type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  isReady: boolean;
  pending: Map<number, Pending>;
}

export interface AnswerPool {
  ask(question: string, history: Turn[]): Promise<Answer>;
  search(query: string, options: SearchOptions): Promise<SearchHit[]>;
  /**
   * Loads an index version in every worker, then sends new questions to it: the folder named, or the
   * one `CURRENT` names now.
   */
  reload(folder?: string): Promise<void>;
  /** The live threads, for tests and diagnostics. */
  threads(): Worker[];
  close(): Promise<void>;
}

export async function startAnswerPool(options: AnswerPoolOptions): Promise<AnswerPool> {
  const { size, logger, embedder, ...rest } = options;
  const data: AnswerWorkerData = { ...rest, spec: embedder.spec };
  if (size < 1) throw new RangeError('a pool needs at least one worker');
  let nextId = 1;
  let current = 0;
  /** The version being loaded by a reload, which a replacement worker must load too. */
  let incoming: number | undefined;
  let closing = false;
  let started = false;
  /**
   * The index folder each version number stands for, read from disk once, by this thread: a worker
   * replaced while an ingestion has switched the live folder, but before `reload`, loads the folder
   * the others serve, not the new one.
   */
  const folders = new Map<number, string>();
  folders.set(current, await liveVersion(options.indexDir));

  function send(slot: Slot, request: Request): Promise<WorkerReply> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  async function load(slot: Slot, versions: number[]): Promise<void> {
    const named = versions.map((version) => ({ version, folder: folders.get(version)! }));
    const reply = await send(slot, { type: 'load', versions: named });
    if (reply.type === 'error') throw new Error(`chargement de l'index dans un fil : ${reply.message}`);
  }

  function spawn(slot?: Slot): Slot {
    const worker = new Worker(WORKER_BOOT, { workerData: data });
    const fresh: Slot = slot ?? { worker, ready: Promise.resolve(), isReady: false, pending: new Map() };
    fresh.worker = worker;
    fresh.isReady = false;
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'embed') {
        embedder.embedQuery(reply.text).then(
          (vector) => {
            // A copy of its own, so the buffer can move to the worker without touching the model's.
            const copy = Float32Array.from(vector);
            worker.postMessage({ type: 'embedded', id: reply.id, vector: copy } satisfies WorkerRequest, [
              copy.buffer,
            ]);
          },
          (error: unknown) =>
            worker.postMessage({
              type: 'embed-failed',
              id: reply.id,
              message: String(error),
            } satisfies WorkerRequest),
        );
        return;
      }
      const waiting = fresh.pending.get(reply.id);
      fresh.pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    // An uncaught exception in the worker: 'exit' follows and does the replacing.
    worker.on('error', (error) =>
      logger?.error({ err: error, threadId: worker.threadId }, 'answer worker failed'),
    );
    worker.on('exit', (code) => {
      if (fresh.worker !== worker) return;
      const lost = [...fresh.pending.values()];
      fresh.pending.clear();
      for (const { reject } of lost)
        reject(new AnswerWorkerExit(`le fil de réponse s'est arrêté (code ${code})`));
      if (closing) return;
      logger?.warn(
        { threadId: worker.threadId, code, lost: lost.length },
        'answer worker exited; restarting',
      );
      const wasReady = fresh.isReady;
      fresh.isReady = false;
      fresh.ready = new Promise<void>((resolve) => setTimeout(resolve, wasReady ? 0 : RESTART_DELAY_MS)).then(
        () => {
          if (closing) return;
          spawn(fresh);
          return fresh.ready;
        },
      );
      fresh.ready.catch(() => {});
    });
    fresh.ready = load(fresh, incoming === undefined ? [current] : [current, incoming]).then(
      () => {
        fresh.isReady = true;
      },
      (error: unknown) => {
        // A replacement that cannot load is stopped, so it is tried again after the delay; at start
        // the error is the caller's.
        if (started && !closing) {
          logger?.error({ err: error, threadId: worker.threadId }, 'answer worker could not load the index');
          void worker.terminate();
        }
        throw error;
      },
    );
    fresh.ready.catch(() => {});
    return fresh;
  }

  const slots = Array.from({ length: size }, () => spawn());
  try {
    await Promise.all(slots.map((slot) => slot.ready));
  } catch (error) {
    closing = true;
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
    throw error;
  }
  started = true;

  /**
   * The ready worker with the fewest questions. Synchronous, and the question is sent in the same
   * tick, so questions arriving together spread over the workers instead of all going to the first.
   */
  function pick(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of slots) {
      if (slot.isReady && (!best || slot.pending.size < best.pending.size)) best = slot;
    }
    return best;
  }

  /** When every worker is restarting: the first to be ready again. */
  async function nextReady(): Promise<Slot> {
    if (closing) throw new AnswerWorkerExit('les fils de réponse sont arrêtés');
    await Promise.any(slots.map((slot) => slot.ready));
    return pick() ?? nextReady();
  }

  async function loadEverywhere(slot: Slot, version: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await slot.ready;
        return await load(slot, [version]);
      } catch (error) {
        // A replacement worker loads the incoming version itself; wait for it and check again.
        if (!(error instanceof AnswerWorkerExit) || attempt >= LOAD_ATTEMPTS) throw error;
      }
    }
  }

  return {
    async ask(question, history) {
      const slot = pick() ?? (await nextReady());
      const reply = await send(slot, { type: 'ask', version: current, question, history });
      if (reply.type !== 'answer') {
        throw new Error(reply.type === 'error' ? reply.message : `réponse inattendue du fil : ${reply.type}`);
      }
      return reply.answer;
    },

    async search(query, searchOptions) {
      const slot = pick() ?? (await nextReady());
      const reply = await send(slot, { type: 'search', version: current, query, options: searchOptions });
      if (reply.type !== 'hits') {
        throw new Error(reply.type === 'error' ? reply.message : `réponse inattendue du fil : ${reply.type}`);
      }
      return reply.hits;
    },

    async reload(folder) {
      const version = current + 1;
      folders.set(version, folder ?? (await liveVersion(options.indexDir)));
      incoming = version;
      try {
        await Promise.all(slots.map((slot) => loadEverywhere(slot, version)));
      } catch (error) {
        for (const slot of slots) slot.worker.postMessage({ type: 'drop', version } satisfies WorkerRequest);
        folders.delete(version);
        throw error;
      } finally {
        incoming = undefined;
      }
      const previous = current;
      current = version;
      folders.delete(previous);
      // Questions already sent hold their index; later ones name the new version.
      for (const slot of slots)
        slot.worker.postMessage({ type: 'drop', version: previous } satisfies WorkerRequest);
    },

    threads: () => slots.map((slot) => slot.worker),

    async close() {
      closing = true;
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}

/**
 * The assistant with answers on `workers` threads. Everything but `ask` is the main thread's
 * assistant; the answer cache stays here, checked before a question is sent to a worker, and a new
 * one starts once every worker serves the reindexed version.
 */
export async function openPooledAssistant(
  options: AssistantOptions,
  workers: number,
  logger?: Logger,
): Promise<LocalAssistant> {
  // Its own cache would never be read: questions don't reach its `ask`.
  const main = await openAssistant({ ...options, answerCacheSize: 0 }, logger, { answerThreads: true });
  let pool: AnswerPool;
  try {
    pool = await startAnswerPool({
      size: workers,
      logger,
      // The model openAssistant loaded (supervised, for an embeddings server).
      embedder: main.embedder(),
      indexDir: options.indexDir,
      contact: options.contact,
      generative: options.generative,
    });
  } catch (error) {
    await main.close();
    throw error;
  }
  let answers = new AnswerCache(options.answerCacheSize);

  return {
    ...main,

    async ask(question, history) {
      const cache = answers;
      const cached = cache.get(question, history);
      if (cached) return cached;
      const answer = await pool.ask(question, history);
      cache.set(question, history, answer);
      return answer;
    },

    search: (query, searchOptions) => pool.search(query, searchOptions),

    async reindex() {
      const served = main.servedVersion();
      const report = await main.reindex();
      // An ingestion that changed nothing keeps the version: the threads have nothing to load.
      if (main.servedVersion() !== served) {
        await pool.reload(main.servedVersion());
        answers = new AnswerCache(options.answerCacheSize);
      }
      return report;
    },

    async switchTo(version) {
      // The workers move first, so the documents and links the main thread serves never lag behind
      // an answer; a version a worker cannot load leaves everything on the previous one.
      await main.switchTo(version, () => pool.reload(version));
      answers = new AnswerCache(options.answerCacheSize);
    },

    async close() {
      await pool.close();
      await main.close();
    },
  };
}
