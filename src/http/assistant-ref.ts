/**
 * The assistant as routes see it while it may still be loading: one getter, and a guard that
 * answers a French 503 until an index is loaded.
 */
import type { AssistantService } from '../assistant/types.ts';
import type { AppDeps } from './app-env.ts';
import { ApiError } from './errors.ts';

export type AssistantRef = () => AssistantService | undefined;

export const NOT_READY_MESSAGE =
  "L'assistant se prépare (chargement des documents). Veuillez réessayer dans quelques instants.";

export function toAssistantRef(assistant: AppDeps['assistant']): AssistantRef {
  return typeof assistant === 'function' ? assistant : () => assistant;
}

export function isReady(ref: AssistantRef): boolean {
  return ref()?.ready() ?? false;
}

/** The loaded assistant, or a 503 the resident can understand. */
export function requireAssistant(ref: AssistantRef): AssistantService {
  const assistant = ref();
  if (!assistant?.ready()) {
    throw new ApiError(503, 'not_ready', NOT_READY_MESSAGE, { headers: { 'Retry-After': '5' } });
  }
  return assistant;
}

/**
 * A whole `AssistantService` over the ref, for code that wants one from the start (the staff
 * console): `ready()` is false while loading, and the other methods throw the 503 above.
 */
export function toAssistantService(ref: AssistantRef): AssistantService {
  const loaded = () => requireAssistant(ref);
  return {
    ready: () => isReady(ref),
    ask: async (question, history) => loaded().ask(question, history),
    search: async (query, options) => loaded().search(query, options),
    documents: () => loaded().documents(),
    documentFile: (id) => loaded().documentFile(id),
    commitments: () => loaded().commitments(),
    reindex: async () => loaded().reindex(),
    embeddingsHealth: () => ref()?.embeddingsHealth?.(),
    close: async () => ref()?.close(),
  };
}
