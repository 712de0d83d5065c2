/**
 * An embeddings server can go away while the service runs. Questions must not wait for its
 * time-out one after the other, nor fail: once a question's embedding fails, the server is taken as
 * down, questions are searched lexically at once (retrieval catches the refusal), and a probe asks
 * the server again every few seconds, in the background, so that answers come back to full quality
 * by themselves when it returns. Each change is reported once (to be logged), not each question.
 */
import type { Embedder } from './types.ts';

export interface EmbedderHealth {
  ok: boolean;
  /** ISO time of the last change of state. */
  since: string;
  /** Why it is down, in French. */
  reason?: string;
  /** Questions answered without the model of meaning since the server went down. */
  lexicalOnly: number;
}

export interface SupervisedEmbedder {
  embedder: Embedder;
  health(): EmbedderHealth;
  close(): void;
}

export interface SuperviseOptions {
  /** Between two probes of a server that is down. */
  retryMs?: number;
  onChange?: (health: EmbedderHealth) => void;
  /** Start as down (the server could not be reached when the service started). */
  down?: string;
}

/** Short enough that a restarted server serves again within seconds, long enough to cost nothing. */
export const PROBE_INTERVAL_MS = 5_000;
const PROBE_TEXT = 'disponibilité';

export class EmbeddingUnavailableError extends Error {
  override readonly name = 'EmbeddingUnavailableError';
}

export function superviseEmbedder(inner: Embedder, options: SuperviseOptions = {}): SupervisedEmbedder {
  const retryMs = options.retryMs ?? PROBE_INTERVAL_MS;
  let state: EmbedderHealth = { ok: true, since: new Date().toISOString(), lexicalOnly: 0 };
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const change = (next: EmbedderHealth) => {
    state = next;
    options.onChange?.(state);
  };

  const probe = async () => {
    timer = undefined;
    if (closed) return;
    try {
      await inner.embedQuery(PROBE_TEXT);
      if (!closed) change({ ok: true, since: new Date().toISOString(), lexicalOnly: 0 });
    } catch {
      schedule();
    }
  };
  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(probe, retryMs);
    // A probe never keeps a command line alive.
    timer.unref();
  };
  const goDown = (reason: string) => {
    if (!state.ok) return;
    change({ ok: false, since: new Date().toISOString(), reason, lexicalOnly: 0 });
    schedule();
  };
  if (options.down) goDown(options.down);

  const embedder: Embedder = {
    spec: inner.spec,
    async embedQuery(text) {
      if (!state.ok) {
        state.lexicalOnly++;
        throw new EmbeddingUnavailableError(state.reason);
      }
      try {
        return await inner.embedQuery(text);
      } catch (error) {
        goDown((error as Error).message);
        state.lexicalOnly++;
        throw error;
      }
    },
    embedPassages: (texts) => inner.embedPassages(texts),
  };
  return {
    embedder,
    health: () => ({ ...state }),
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
