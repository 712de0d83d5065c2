/**
 * The child side of ./embed-helper.ts: loads the model once, then embeds each batch it is sent, in
 * order. It exits when the ingestion that started it disconnects (or goes away).
 */
import { type LoadEmbedderOptions, loadEmbedder } from '../embedding/index.ts';
import type { HelperReply, HelperRequest } from './embed-helper.ts';

process.once('disconnect', () => process.exit(0));
process.once('message', ({ embedding }: { embedding: LoadEmbedderOptions }) => {
  const loading = loadEmbedder(embedding);
  // Requests are answered one after the other: the model runs on this thread anyway.
  let queue: Promise<unknown> = loading.catch(() => undefined);
  process.on('message', (request: HelperRequest) => {
    queue = queue.then(async () => {
      let reply: HelperReply;
      try {
        reply = { id: request.id, vectors: await (await loading).embedPassages(request.texts) };
      } catch (error) {
        reply = { id: request.id, error: (error as Error).message ?? String(error) };
      }
      process.send?.(reply);
    });
  });
});
