/**
 * A second process that embeds passages alongside the ingestion, so a large ingestion uses two
 * cores. onnxruntime-node runs each batch on the calling JavaScript thread, and a second session on
 * another thread of the same process aborts (microsoft/onnxruntime#24486, see
 * ../assistant/worker.ts): a process of its own, with its own session, is the way to a second core.
 * It loads the same model with the same options, so its vectors are the ones this process would
 * have computed, byte for byte. `embedBeside` shares the batches between the two processes.
 */
import { fork } from 'node:child_process';
import type { Embedder, LoadEmbedderOptions } from '../embedding/index.ts';
import { type EntryPoint, SOURCE_ENTRY_POINTS } from '../entry-points.ts';

export interface EmbedHelper {
  /** Embeds passages (with the passage prefix, as Embedder.embedPassages). */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  close(): void;
}

export type HelperRequest = { id: number; texts: string[] };
export type HelperReply = { id: number; vectors: Float32Array[] } | { id: number; error: string };

/** Batches queued in the helper process, so it has the next one while this one inserts into the index. */
const HELPER_AHEAD = 2;

/**
 * `entry`: the service's ingestion child passes its compiled helper (./entry-points.ts); the command
 * line, under tsx itself, starts it from its source.
 */
export function startEmbedHelper(
  embedding: LoadEmbedderOptions,
  entry: EntryPoint = SOURCE_ENTRY_POINTS.helper,
): EmbedHelper {
  const child = fork(new URL(entry.href), [], {
    execArgv: entry.execArgv,
    serialization: 'advanced',
    // Not its stdout: `npm run ingest -- --json` prints the report there, and nothing else may.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let stopped: Error | undefined;
  const failAll = (error: Error) => {
    stopped ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  child.on('message', (reply: HelperReply) => {
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ('error' in reply) pending?.reject(new Error(reply.error));
    else pending?.resolve(reply.vectors);
  });
  child.on('error', failAll);
  child.on('exit', (code, signal) =>
    failAll(new Error(`le processus d'embedding s'est arrêté (${signal ?? `code ${code}`})`)),
  );
  // It sends its options once; each request is then only texts.
  child.send({ embedding });
  return {
    embedPassages(texts) {
      if (stopped) return Promise.reject(stopped);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ id, texts } satisfies HelperRequest);
      });
    },
    close() {
      stopped ??= new Error('processus d’embedding fermé');
      if (child.connected) child.disconnect();
    },
  };
}

/**
 * Both processes take the next batch whenever they are free (the helper keeps HELPER_AHEAD batches
 * queued, so it never waits on this thread's index inserts); results are added in batch order, so
 * labels come out as they would from one process. A helper that fails leaves its batches to this one.
 */
export async function embedBeside(
  batches: string[][],
  embedder: Embedder,
  helper: EmbedHelper,
  add: (batch: number, vectors: Float32Array[]) => void,
): Promise<void> {
  const results: (Float32Array[] | undefined)[] = [];
  const retry: number[] = [];
  let next = 0;
  let added = 0;
  let inFlight = 0;
  let helperFailed = false;
  let wake: (() => void) | undefined;
  const feed = () => {
    while (!helperFailed && inFlight < HELPER_AHEAD && next < batches.length) {
      const i = next++;
      inFlight++;
      helper.embedPassages(batches[i]!).then(
        (vectors) => {
          results[i] = vectors;
          inFlight--;
          feed();
          wake?.();
        },
        () => {
          helperFailed = true;
          retry.push(i);
          inFlight--;
          wake?.();
        },
      );
    }
  };
  feed();
  while (added < batches.length) {
    const mine = retry.shift() ?? (next < batches.length ? next++ : undefined);
    if (mine !== undefined) results[mine] = await embedder.embedPassages(batches[mine]!);
    else if (results[added] === undefined) await new Promise<void>((resolve) => (wake = resolve));
    for (let vectors = results[added]; vectors !== undefined; vectors = results[added]) {
      add(added, vectors);
      results[added++] = undefined;
    }
  }
}
