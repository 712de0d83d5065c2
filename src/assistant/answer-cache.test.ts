import { describe, expect, it } from 'vitest';
import type { Answer } from '../answer/types.ts';
import { AnswerCache } from './answer-cache.ts';

const answer = (text: string): Answer => ({
  answer: text,
  declined: false,
  kind: 'answer',
  citations: [],
  related: [],
});

describe('AnswerCache', () => {
  it('gives back an answer for the same question typed with other capitals, accents or spaces', () => {
    const cache = new AnswerCache(10);
    cache.set("C'est quoi un QPV ?", [], answer('un quartier prioritaire'));
    expect(cache.get("c'est  quoi un qpv ?", [])?.answer).toBe('un quartier prioritaire');
  });

  it('keeps follow-ups of different conversations apart', () => {
    const cache = new AnswerCache(10);
    cache.set('et à Anduze ?', [{ question: 'Quels quartiers prioritaires ?' }], answer('Centre Ville'));
    expect(cache.get('et à Anduze ?', [{ question: 'Quand signé ?' }])).toBeUndefined();
    expect(cache.get('et à Anduze ?', [])).toBeUndefined();
  });

  it('forgets the least recently asked question past its capacity', () => {
    const cache = new AnswerCache(2);
    cache.set('a', [], answer('A'));
    cache.set('b', [], answer('B'));
    cache.get('a', []);
    cache.set('c', [], answer('C'));
    expect(cache.get('b', [])).toBeUndefined();
    expect(cache.get('a', [])?.answer).toBe('A');
    expect(cache.size).toBe(2);
  });

  it('keeps nothing with a capacity of 0', () => {
    const cache = new AnswerCache(0);
    cache.set('a', [], answer('A'));
    expect(cache.get('a', [])).toBeUndefined();
  });
});
