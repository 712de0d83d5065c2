/**
 * The child side of ./child.ts: one ingestion, then exit. It stops too if the service that started
 * it goes away (the IPC channel closes), leaving the lock to be taken over.
 */
import { configuredEmbedding, loadEmbedder } from '../embedding/index.ts';
import type { ChildMessage, ChildRequest } from './child.ts';
import { startEmbedHelper } from './embed-helper.ts';
import { IngestBusyError } from './lock.ts';
import { ingest } from './pipeline.ts';

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, undefined, () => resolve());
  });
}

let finished = false;
process.once('disconnect', () => {
  if (!finished) process.exit(1);
});
process.once('message', async ({ embedding, helper, ...options }: ChildRequest) => {
  try {
    const report = await ingest({
      ...options,
      ...configuredEmbedding(embedding),
      loadEmbedder: () => loadEmbedder(embedding),
      onEvent: (event) => void send({ type: 'event', event }),
      startEmbedHelper: embedding.api ? undefined : () => startEmbedHelper(embedding, helper),
    });
    await send({ type: 'done', report });
  } catch (error) {
    const e = error as Error & { code?: unknown; pid?: unknown; holder?: unknown };
    await send({
      type: 'failed',
      error: {
        name: e.name ?? 'Error',
        message: e.message ?? String(error),
        code: typeof e.code === 'string' ? e.code : undefined,
        pid: typeof e.pid === 'number' ? e.pid : undefined,
        holder: e instanceof IngestBusyError ? e.holder : undefined,
      },
    });
  }
  // Sent and flushed: nothing the ingestion left open (model threads, timers) may keep the child alive.
  finished = true;
  process.exit(0);
});
