/**
 * Answers already given, by question and conversation. Residents ask the same things ("c'est quoi un
 * QPV ?") and an answer depends only on the question, the earlier questions and the index, so it is
 * kept until the index changes (the cache belongs to one loaded index) or it is the least recently
 * asked of `capacity`. A capacity of 0 turns it off.
 */
import type { Answer, Turn } from '../answer/types.ts';
import { foldText } from '../text/french.ts';

function keyOf(question: string, history: Turn[]): string {
  const fold = (text: string) => foldText(text).replace(/\s+/g, ' ').trim();
  return JSON.stringify([fold(question), ...history.map((turn) => fold(turn.question))]);
}

export class AnswerCache {
  private readonly entries = new Map<string, Answer>();

  constructor(private readonly capacity: number) {}

  get(question: string, history: Turn[]): Answer | undefined {
    if (this.capacity === 0) return undefined;
    const key = keyOf(question, history);
    const answer = this.entries.get(key);
    if (answer) {
      // Map keeps insertion order: re-inserting marks it as the most recently asked.
      this.entries.delete(key);
      this.entries.set(key, answer);
    }
    return answer;
  }

  set(question: string, history: Turn[], answer: Answer): void {
    if (this.capacity === 0) return;
    this.entries.set(keyOf(question, history), answer);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
