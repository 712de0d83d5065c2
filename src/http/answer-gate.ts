/**
 * A cap on answers being computed at once. Answering is CPU work on one event loop: past a few
 * dozen waiting, each new question only makes every other one slower until all hit the time
 * limit. Turning the extra ones away at once (503, retry shortly) keeps the rest answered.
 */
import { ApiError } from './errors.ts';

export interface AnswerGate {
  /** A release function, or a 503 `busy` when the cap is reached. Releasing twice is harmless. */
  acquire(): () => void;
}

export function createAnswerGate(max: number): AnswerGate {
  let inFlight = 0;
  return {
    acquire() {
      if (inFlight >= max) {
        throw new ApiError(
          503,
          'busy',
          "L'assistant reçoit beaucoup de questions en ce moment. Veuillez réessayer dans quelques secondes.",
          { headers: { 'Retry-After': '5' } },
        );
      }
      inFlight++;
      let released = false;
      return () => {
        if (!released) inFlight--;
        released = true;
      };
    },
  };
}
