/**
 * The embeddings server (EMBEDDINGS_URL), as the assistant's supervised embedder sees it: when it
 * does not answer, questions are answered from the lexical index alone and `/ready` says so, with
 * since when and how many questions were answered that way. Nothing to check with an in-process model.
 */
import type { AssistantRef } from '../assistant-ref.ts';
import type { HealthCheck } from './registry.ts';

export function embeddingsCheck(assistant: AssistantRef): HealthCheck {
  return {
    name: 'embeddings',
    check() {
      const health = assistant()?.embeddingsHealth?.();
      if (!health || health.ok) return { ok: true };
      return {
        ok: false,
        reason:
          "le serveur d'embeddings ne répond pas : les réponses viennent de l'index lexical seul, " +
          'sans le modèle de sens, jusqu’à son retour',
        since: health.since,
        failures: health.lexicalOnly,
      };
    },
  };
}
