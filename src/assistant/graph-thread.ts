/**
 * The thread that holds the HNSW graphs of each served version when the service has two answer
 * threads or more (./pool.ts). hnswlib-node's graphs are native objects no other thread can read,
 * and a copy per answer thread cost each of them what the graphs weigh (about 120 MB at 100,000
 * passages); so one thread holds them, and the answer threads ask it their questions' nearest
 * passages over a MessagePort each (./graph-client.ts): a vector and the labels a filter allows go,
 * the hits come back. Versions follow the answer threads' protocol: the pool loads a new version
 * here beside the old one, and drops the old one once every thread has switched.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { DenseHit, DenseSegments } from '../index/dense.ts';
import { LabelSet } from '../index/label-set.ts';
import { loadGraphs } from '../index/store.ts';

/** What the graph thread is started with. */
export interface GraphThreadData {
  indexDir: string;
}

/** From the pool. */
export type GraphRequest =
  /** The pool's version numbers and the index folder each stands for. */
  | { type: 'load'; id: number; versions: { version: number; folder: string }[] }
  | { type: 'drop'; version: number }
  /** The end of a channel to one answer thread. */
  | { type: 'connect'; port: MessagePort };

export type GraphReply = { type: 'loaded'; id: number } | { type: 'error'; id: number; message: string };

/** From an answer thread, over its port: a search of the version it answers on. */
export interface NearestRequest {
  id: number;
  version: number;
  vector: Float32Array;
  k: number;
  /** A `LabelSet`'s bits: only these labels may be returned. */
  allowed?: Uint8Array;
}

export type NearestReply = { id: number; hits: DenseHit[] } | { id: number; message: string };

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

if (parentPort) {
  const port = parentPort;
  const { indexDir } = workerData as GraphThreadData;
  const graphs = new Map<number, DenseSegments>();

  const answer = (channel: MessagePort, request: NearestRequest) => {
    const version = graphs.get(request.version);
    if (!version) {
      channel.postMessage({
        id: request.id,
        message: `version d'index ${request.version} absente du fil des graphes`,
      } satisfies NearestReply);
      return;
    }
    try {
      const allowed = request.allowed && new LabelSet(request.allowed);
      const hits = version.search(request.vector, request.k, allowed && ((label) => allowed.has(label)));
      channel.postMessage({ id: request.id, hits } satisfies NearestReply);
    } catch (error) {
      channel.postMessage({ id: request.id, message: errorMessage(error) } satisfies NearestReply);
    }
  };

  port.on('message', (request: GraphRequest) => {
    switch (request.type) {
      case 'load': {
        const folders = [...new Set(request.versions.map((v) => v.folder))];
        Promise.all(folders.map((folder) => loadGraphs(indexDir, folder))).then(
          (loaded) => {
            for (const { version, folder } of request.versions) {
              graphs.set(version, loaded[folders.indexOf(folder)]!);
            }
            port.postMessage({ type: 'loaded', id: request.id } satisfies GraphReply);
          },
          (error: unknown) =>
            port.postMessage({
              type: 'error',
              id: request.id,
              message: errorMessage(error),
            } satisfies GraphReply),
        );
        return;
      }
      case 'drop':
        graphs.delete(request.version);
        return;
      case 'connect': {
        const channel = request.port;
        channel.on('message', (nearest: NearestRequest) => answer(channel, nearest));
        // The answer thread at the other end stopped: its replacement gets a channel of its own.
        channel.on('close', () => channel.removeAllListeners());
        return;
      }
    }
  });
}
