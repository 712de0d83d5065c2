/** A time limit around work the request-wide timeout does not cover (a stream's body). */
import { ApiError } from './errors.ts';

export const TIMEOUT_MESSAGE =
  'La réponse prend trop de temps. Veuillez réessayer ou reformuler votre question.';

export function timeoutError(): ApiError {
  return new ApiError(503, 'timeout', TIMEOUT_MESSAGE);
}

export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}
