/**
 * The longest question the service accepts, so the resident is told before sending rather than
 * refused after. The service writes its MAX_QUESTION_CHARS over the placeholder below when it serves
 * `widget.js` (src/http/routes/widget.ts), so there is one limit, configured once; a copy of the
 * script served from elsewhere keeps the service's default.
 */

/** Replaced, digits only, by the service that serves this script. */
export const SERVED_MAX_QUESTION_CHARS = '__CITADOC_MAX_QUESTION_CHARS__';
/** The service's default MAX_QUESTION_CHARS (src/config.ts). */
export const DEFAULT_MAX_QUESTION_CHARS = 500;
/** From this share of the limit on, the remaining count is also spoken (once typing pauses). */
export const ANNOUNCE_FROM_SHARE = 0.9;

export function maxQuestionChars(served: string = SERVED_MAX_QUESTION_CHARS): number {
  const value = Number(served);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_QUESTION_CHARS;
}

const chars = (n: number) => `${n} caractère${n > 1 ? 's' : ''}`;

/** What the counter under the field says, in French. */
export function describeCount(length: number, max: number): { text: string; over: boolean } {
  if (length > max) {
    return {
      text: `${chars(length - max)} en trop : raccourcissez votre question (${chars(max)} au plus).`,
      over: true,
    };
  }
  return { text: `Il vous reste ${chars(max - length)} sur ${max}.`, over: false };
}
