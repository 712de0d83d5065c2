import { foldText } from '../text/french.ts';

/**
 * The key under which the report groups questions: the same question typed with other capitals,
 * accents, spaces or final punctuation counts once.
 */
export function normalizeQuestion(question: string): string {
  return foldText(question)
    .replace(/[\s\p{P}]+$/u, '')
    .replace(/^[\s\p{P}]+/u, '')
    .replace(/\s+/g, ' ');
}
