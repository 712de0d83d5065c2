/**
 * Follow-up questions ("et à La Grand-Combe ?", "c'est signé quand ?") are understood by searching
 * with the earlier question's words added. When the follow-up names a new place or body, the names
 * of the earlier question are dropped so that the new one is searched instead of both.
 */

import { analyze } from '../text/french.ts';
import type { Turn } from './types.ts';

/** A question with at most this many content words may lean on the conversation. */
const MAX_CONTENT_WORDS_OF_FOLLOW_UP = 3;
/** Openings that only make sense after an earlier question. */
const FOLLOW_UP_OPENING =
  /^(et|mais|alors|ensuite|puis|aussi|du coup|sinon|pareil|idem)\b|^(et\s+)?(pour|à|a|au|aux|en|dans|chez|sur)\s/i;
/** Pronouns and demonstratives that point back to something said before (articles do not). */
const BACK_REFERENCE =
  /(?<!\p{L})c'|(?<![\p{L}'])(ça|ca|cela|celui|celle|ceux|celles|il|elle|ils|elles|lui|ce|cet|cette|ces|même|là)(?!\p{L})/iu;
/** Capitalised words not at the start: places, bodies, programmes. */
const NAME = /(?<=\s|')(\p{Lu}[\p{L}-]+(?:[\s-](?:de|du|des|la|le|d'|l')?\s?\p{Lu}[\p{L}-]+)*)/gu;

export function isFollowUp(question: string, history: Turn[]): boolean {
  if (history.length === 0) return false;
  const trimmed = question.trim();
  if (FOLLOW_UP_OPENING.test(trimmed)) return true;
  const content = analyze(trimmed).length;
  return content <= MAX_CONTENT_WORDS_OF_FOLLOW_UP && BACK_REFERENCE.test(trimmed.replace(/[’]/g, "'"));
}

function names(text: string): string[] {
  return [...text.matchAll(NAME)].map((m) => m[1]!);
}

/** The text to search with: the question itself, or the question completed by the conversation. */
export function searchQueryFor(question: string, history: Turn[]): string {
  if (!isFollowUp(question, history)) return question;
  // The latest earlier question that was not itself a bare follow-up carries the topic.
  let previous = '';
  for (let i = history.length - 1; i >= 0; i--) {
    const earlier = history[i]!.question;
    previous = previous ? `${earlier} ${previous}` : earlier;
    if (!isFollowUp(earlier, history.slice(0, i))) break;
  }
  const newNames = names(question);
  let context = previous;
  if (newNames.length > 0) {
    for (const name of names(previous)) context = context.replace(name, ' ');
  }
  return `${question} ${context}`.replace(/\s+/g, ' ').trim();
}
