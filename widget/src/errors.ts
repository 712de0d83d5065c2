/** What can go wrong between the widget and the service, and how it is said to a resident. */

export type ChatFailure =
  | { kind: 'http'; status: number; code?: string; message?: string; retryAfter?: number }
  | { kind: 'network' }
  | { kind: 'timeout' }
  /** A sanitized `event: error` in the stream. */
  | { kind: 'stream'; code?: string; message?: string };

export class ChatError extends Error {
  constructor(readonly failure: ChatFailure) {
    super(failure.kind);
  }
}

const GENERIC = 'Une erreur est survenue. Réessayez dans quelques instants.';

/** `Retry-After` is seconds here (the service never sends an HTTP date). */
export function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header);
}

function seconds(n: number): string {
  return `${n} seconde${n > 1 ? 's' : ''}`;
}

export function describeFailure(failure: ChatFailure): string {
  switch (failure.kind) {
    case 'network':
      return 'Le service est injoignable. Vérifiez votre connexion à Internet, puis réessayez.';
    case 'timeout':
      return 'La réponse prend trop de temps. Réessayez dans quelques instants.';
    case 'stream':
      return failure.message?.trim() || GENERIC;
    case 'http':
      if (failure.status === 429) {
        const wait = failure.retryAfter;
        return `Vous avez posé beaucoup de questions en peu de temps. Réessayez dans ${
          wait === undefined || wait === 0 ? 'un instant' : seconds(wait)
        }.`;
      }
      if (failure.status === 503) return 'Le service démarre. Réessayez dans quelques instants.';
      return failure.message?.trim() || GENERIC;
  }
}

/** Reads `{ error: { code, message } }` when the body is one; otherwise nothing. */
export function readErrorBody(body: unknown): { code?: string; message?: string } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return {};
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return {};
  const { code, message } = error as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
}
