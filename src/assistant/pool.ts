/**
 * Answers on worker threads. Answering is the CPU-heavy part of a chat request (query embedding,
 * BM25 + HNSW, sentence scoring); on one event loop it queues behind HTTP, SQLite and logging. The
 * pool runs it on `size` threads (./worker.ts), which share one read-only copy of the index: the
 * first to load a version hands its lexical index (arrays on SharedArrayBuffers) back here, and the
 * others get it with their `load`; with two answer threads or more, the graphs are held by one
 * more thread (./graph-thread.ts), which the answer threads ask over channels this pool gives them.
 * The agents' search runs there too; the main thread keeps HTTP, the store, documents, commitments, the
 * answer cache, ingestion and the embedding model (it embeds the workers' questions: see
 * ./worker.ts). It holds no passages: loading a version there reads only the manifest and the
 * commitments, so a reindex does not hold up its requests.
 *
 * A reindex ingests on the main thread, then every worker (and the graph thread) loads the new version
 * beside the old one; questions move to it only once all have, and those in flight finish on the old
 * one. A worker or the graph thread that dies is replaced; only the questions it held fail, with an
 * internal error (a plain 500). Versions
 * name their index folder, so a replacement loads what the others serve, even if an ingestion has
 * meanwhile switched the folder on disk.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Answer, Turn } from '../answer/types.ts';
import type { Embedder } from '../embedding/index.ts';
import { type EntryPoints, serviceEntryPoints } from '../entry-points.ts';
import { liveVersion } from '../index/store.ts';
import { AnswerCache } from './answer-cache.ts';
import type { GraphReply, GraphRequest, GraphThreadData } from './graph-thread.ts';
import { openAssistant } from './index.ts';
import { type ReadLexicals, SharedLexicals } from './shared-lexicals.ts';
import type { AssistantOptions, LocalAssistant, SearchHit, SearchOptions } from './types.ts';
import type { AnswerWorkerData, WorkerReply, WorkerRequest } from './worker.ts';

/**
 * From this many answer threads, the graphs are held once, by a thread of their own: the hop costs
 * a question two messages (under a millisecond), a copy of the graphs costs each answer thread
 * about 120 MB at 100,000 passages. One answer thread keeps them itself.
 */
const GRAPH_THREAD_FROM = 2;
/**
 * A thread's young generation (V8's nursery), smaller than V8's default: what an answer leaves is
 * short-lived and small, and the default let each thread's nursery grow by about 15 MB more (at
 * 100,000 passages, 4 threads: 1,075 MB resident with the default, 1,002 MB with 8 MB; answer p50
 * and p95 unchanged within the noise: `npx tsx bench/answer-threads.ts`).
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };
/**
 * What a thread reading a version's lexical index counts for when a question picks a thread, besides
 * the load in its queue: it reads in slices of 8 ms between a question's steps, so a question sent
 * there waits for a slice at each step, longer than it waits behind one question elsewhere.
 */
const READING_COST = 1;

/** What `leastBusy` weighs of a thread. */
export interface ThreadLoad {
  isReady: boolean;
  /** Questions and loads sent, not yet answered. */
  pending: { size: number };
  /** Loads it is reading now (a folder's lexical index in slices). */
  reading: number;
}

/**
 * The ready thread with the fewest questions, a thread reading a version counted as busier than one
 * question more. Synchronous, and the question is sent in the same tick, so questions arriving
 * together spread over the threads instead of all going to the first.
 */
export function leastBusy<T extends ThreadLoad>(threads: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const thread of threads) {
    if (!thread.isReady) continue;
    const cost = thread.pending.size + (thread.reading > 0 ? READING_COST : 0);
    if (cost < bestCost) {
      best = thread;
      bestCost = cost;
    }
  }
  return best;
}

/** A worker that dies before it is ready (a bad index, a missing model) is not restarted in a hot loop. */
const RESTART_DELAY_MS = 1_000;
/** Attempts at loading a new version on one worker when it dies meanwhile. */
const LOAD_ATTEMPTS = 3;

export interface AnswerPoolOptions extends Omit<AnswerWorkerData, 'spec' | 'graphThread'> {
  size: number;
  /** Embeds the workers' questions on this thread (see ./worker.ts for why). */
  embedder: Embedder;
  logger?: Logger;
  /** What the threads start from: the service's compiled entries (../entry-points.ts) unless given. */
  entryPoints?: EntryPoints;
}

/** The thread answering a question stopped before replying; the question may be asked again. */
export class AnswerWorkerExit extends Error {
  override name = 'AnswerWorkerExit';
}

type Reply = WorkerReply | GraphReply;
type Pending = { resolve: (reply: Reply) => void; reject: (error: Error) => void };
type Request = WorkerRequest | GraphRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

interface Slot {
  /** An answer thread (./worker.ts), or the graph thread (./graph-thread.ts). */
  kind: 'answers' | 'graphs';
  worker: Worker;
  ready: Promise<void>;
  isReady: boolean;
  pending: Map<number, Pending>;
  /** Loads this answer thread is running now (not those waiting for another thread's read). */
  reading: number;
}

export interface AnswerPool {
  ask(question: string, history: Turn[]): Promise<Answer>;
  search(query: string, options: SearchOptions): Promise<SearchHit[]>;
  /**
   * Loads an index version in every worker, then sends new questions to it: the folder named, or the
   * one `CURRENT` names now.
   */
  reload(folder?: string): Promise<void>;
  /** The live answer threads, for tests and diagnostics. */
  threads(): Worker[];
  /** The graph thread, with two answer threads or more. */
  graphThread(): Worker | undefined;
  close(): Promise<void>;
}

export async function startAnswerPool(options: AnswerPoolOptions): Promise<AnswerPool> {
  const { size, logger, embedder, entryPoints, ...rest } = options;
  if (size < 1) throw new RangeError('a pool needs at least one worker');
  const { answers: answersEntry, graphs: graphsEntry } = entryPoints ?? (await serviceEntryPoints(logger));
  const withGraphThread = size >= GRAPH_THREAD_FROM;
  const data: AnswerWorkerData = { ...rest, spec: embedder.spec, graphThread: withGraphThread };
  const graphData: GraphThreadData = { indexDir: options.indexDir };
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
  const lexicals = new SharedLexicals();

  function send(slot: Slot, request: Request): Promise<Reply> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...request, id });
    });
  }

  function sendAll(request: WorkerRequest | GraphRequest): void {
    for (const slot of allSlots()) slot.worker.postMessage(request);
  }

  async function load(slot: Slot, versions: number[]): Promise<void> {
    const named = versions.map((version) => ({ version, folder: folders.get(version)! }));
    if (slot.kind === 'graphs') {
      const reply = await send(slot, { type: 'load', versions: named });
      if (reply.type === 'error') throw new Error(`chargement des graphes dans leur fil : ${reply.message}`);
      return;
    }
    const end = await lexicals.begin(named.map((v) => v.folder));
    let read: ReadLexicals = [];
    slot.reading++;
    try {
      const reply = await send(slot, {
        type: 'load',
        versions: named.map((v) => ({ ...v, lexical: lexicals.get(v.folder) })),
      });
      if (reply.type === 'error') throw new Error(`chargement de l'index dans un fil : ${reply.message}`);
      if (reply.type !== 'loaded' || !('lexical' in reply))
        throw new Error(`réponse inattendue du fil : ${reply.type}`);
      read = reply.lexical;
      for (const { folder, lexical } of reply.made)
        logger?.debug(
          { threadId: slot.worker.threadId, folder, lexical },
          'index version loaded in an answer thread',
        );
    } finally {
      slot.reading--;
      // Kept only while the folder is served: a reload that failed meanwhile has forgotten it.
      end(read, new Set(folders.values()));
    }
  }

  /** Forgets the lexical indexes of folders no version names any more. */
  const forgetUnserved = () => lexicals.keepOnly(new Set(folders.values()));

  /** A channel between the graph thread and an answer thread, once the graph thread is ready. */
  function connect(slot: Slot): void {
    if (!graphs?.isReady || slot.kind !== 'answers') return;
    const { port1, port2 } = new MessageChannel();
    graphs.worker.postMessage({ type: 'connect', port: port1 } satisfies GraphRequest, [port1]);
    slot.worker.postMessage({ type: 'graph-port', port: port2 } satisfies WorkerRequest, [port2]);
  }

  function spawn(kind: Slot['kind'], slot?: Slot): Slot {
    const worker =
      kind === 'answers'
        ? new Worker(new URL(answersEntry.href), { workerData: data, resourceLimits: THREAD_LIMITS })
        : new Worker(new URL(graphsEntry.href), { workerData: graphData, resourceLimits: THREAD_LIMITS });
    const fresh: Slot = slot ?? {
      kind,
      worker,
      ready: Promise.resolve(),
      isReady: false,
      pending: new Map(),
      reading: 0,
    };
    fresh.worker = worker;
    fresh.isReady = false;
    const name = kind === 'answers' ? 'answer worker' : 'graph thread';
    worker.on('message', (reply: Reply) => {
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
    worker.on('error', (error) => logger?.error({ err: error, threadId: worker.threadId }, `${name} failed`));
    worker.on('exit', (code) => {
      if (fresh.worker !== worker) return;
      const lost = [...fresh.pending.values()];
      fresh.pending.clear();
      for (const { reject } of lost)
        reject(
          new AnswerWorkerExit(
            `le ${kind === 'answers' ? 'fil de réponse' : 'fil des graphes'} s'est arrêté (code ${code})`,
          ),
        );
      const wasReady = fresh.isReady;
      fresh.isReady = false;
      // The searches the graph thread held fail in their answer threads; later ones wait there.
      if (kind === 'graphs') for (const answers of slots) answers.worker.postMessage({ type: 'graph-lost' });
      if (closing) return;
      logger?.warn({ threadId: worker.threadId, code, lost: lost.length }, `${name} exited; restarting`);
      fresh.ready = new Promise<void>((resolve) => setTimeout(resolve, wasReady ? 0 : RESTART_DELAY_MS)).then(
        () => {
          if (closing) return;
          spawn(kind, fresh);
          return fresh.ready;
        },
      );
      fresh.ready.catch(() => {});
    });
    fresh.ready = load(fresh, incoming === undefined ? [current] : [current, incoming]).then(
      () => {
        fresh.isReady = true;
        if (kind === 'graphs') for (const answers of slots) connect(answers);
        else connect(fresh);
      },
      (error: unknown) => {
        // A replacement that cannot load is stopped, so it is tried again after the delay; at start
        // the error is the caller's.
        if (started && !closing) {
          logger?.error({ err: error, threadId: worker.threadId }, `${name} could not load the index`);
          void worker.terminate();
        }
        throw error;
      },
    );
    fresh.ready.catch(() => {});
    return fresh;
  }

  const slots: Slot[] = [];
  let graphs: Slot | undefined;
  const allSlots = () => (graphs ? [...slots, graphs] : slots);
  for (let i = 0; i < size; i++) slots.push(spawn('answers'));
  if (withGraphThread) graphs = spawn('graphs');
  try {
    await Promise.all(allSlots().map((slot) => slot.ready));
  } catch (error) {
    closing = true;
    await Promise.all(allSlots().map((slot) => slot.worker.terminate()));
    throw error;
  }
  started = true;

  const pick = (): Slot | undefined => leastBusy(slots);

  /** When every worker is restarting: the first to be ready again. */
  async function nextReady(): Promise<Slot> {
    if (closing) throw new AnswerWorkerExit('les fils de réponse sont arrêtés');
    await Promise.any(slots.map((slot) => slot.ready));
    return pick() ?? nextReady();
  }

  /** Questions in flight per version, and versions switched away from that still have some. */
  const inFlight = new Map<number, number>();
  const retiring = new Set<number>();

  /** A question on a version: the graph thread drops a retiring version after its last question. */
  async function onVersion<T>(version: number, ask: (version: number) => Promise<T>): Promise<T> {
    inFlight.set(version, (inFlight.get(version) ?? 0) + 1);
    try {
      return await ask(version);
    } finally {
      const left = inFlight.get(version)! - 1;
      if (left > 0) inFlight.set(version, left);
      else {
        inFlight.delete(version);
        if (retiring.delete(version)) {
          graphs?.worker.postMessage({ type: 'drop', version } satisfies GraphRequest);
        }
      }
    }
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
      const reply = await onVersion(current, (version) =>
        send(slot, { type: 'ask', version, question, history }),
      );
      if (reply.type !== 'answer') {
        throw new Error(reply.type === 'error' ? reply.message : `réponse inattendue du fil : ${reply.type}`);
      }
      return reply.answer;
    },

    async search(query, searchOptions) {
      const slot = pick() ?? (await nextReady());
      const reply = await onVersion(current, (version) =>
        send(slot, { type: 'search', version, query, options: searchOptions }),
      );
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
        await Promise.all(allSlots().map((slot) => loadEverywhere(slot, version)));
      } catch (error) {
        sendAll({ type: 'drop', version });
        folders.delete(version);
        forgetUnserved();
        throw error;
      } finally {
        incoming = undefined;
      }
      const previous = current;
      current = version;
      folders.delete(previous);
      forgetUnserved();
      // Questions already sent hold their index; later ones name the new version. The graph thread
      // keeps the previous graphs until those questions are answered: they search them from there.
      for (const slot of slots)
        slot.worker.postMessage({ type: 'drop', version: previous } satisfies WorkerRequest);
      if (inFlight.has(previous)) retiring.add(previous);
      else graphs?.worker.postMessage({ type: 'drop', version: previous } satisfies GraphRequest);
    },

    threads: () => slots.map((slot) => slot.worker),

    graphThread: () => graphs?.worker,

    async close() {
      closing = true;
      await Promise.all(allSlots().map((slot) => slot.worker.terminate()));
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
