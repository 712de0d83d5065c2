/**
 * An answer thread's side of the graph thread (./graph-thread.ts): the dense searcher of each
 * version it serves sends the question's vector there and waits for the hits. The pool gives it a
 * channel once the graph thread has loaded the versions; searches asked before wait for it. When the
 * graph thread stops, the searches it held fail (their questions get an internal error, as when an
 * answer thread stops), and later ones wait for its replacement's channel.
 */
import type { MessagePort } from 'node:worker_threads';
import type { DenseHit, DenseSearcher } from '../index/dense.ts';
import type { LabelSet } from '../index/label-set.ts';
import type { NearestReply, NearestRequest } from './graph-thread.ts';

/** The graph thread stopped before answering a search. */
export class GraphThreadExit extends Error {
  override name = 'GraphThreadExit';
}

type Waiting = { resolve: (hits: DenseHit[]) => void; reject: (error: Error) => void };

export class GraphClient {
  private port: MessagePort | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Waiting>();
  /** Searches asked while there is no channel, sent when one comes. */
  private readonly queued: ((port: MessagePort) => void)[] = [];

  /** A channel to the graph thread (a new one after it was replaced). */
  connect(port: MessagePort): void {
    this.lost();
    this.port = port;
    port.on('message', (reply: NearestReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('hits' in reply) waiting?.resolve(reply.hits);
      else waiting?.reject(new Error(reply.message));
    });
    for (const send of this.queued.splice(0)) send(port);
  }

  /** The graph thread stopped: the searches it held fail; later ones wait for the next channel. */
  lost(): void {
    this.port?.close();
    this.port = undefined;
    const lost = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of lost) reject(new GraphThreadExit("le fil des graphes s'est arrêté"));
  }

  /** The dense searcher of one version, searched in the graph thread. */
  searcher(version: number): DenseSearcher {
    return { nearest: (vector, k, allowed) => this.nearest(version, vector, k, allowed) };
  }

  private nearest(version: number, vector: Float32Array, k: number, allowed?: LabelSet): Promise<DenseHit[]> {
    return new Promise((resolve, reject) => {
      const send = (port: MessagePort) => {
        const id = this.nextId++;
        this.pending.set(id, { resolve, reject });
        // A copy moves to the graph thread: the caller keeps its vector.
        const copy = Float32Array.from(vector);
        const request: NearestRequest = { id, version, vector: copy, k, allowed: allowed?.bits };
        port.postMessage(request, [copy.buffer]);
      };
      if (this.port) send(this.port);
      else this.queued.push(send);
    });
  }
}
