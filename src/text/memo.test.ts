import { describe, expect, it } from 'vitest';
import { memoize } from './memo.ts';

describe('memoize', () => {
  it('computes a text once, and forgets everything past the bound', () => {
    const seen: string[] = [];
    const upper = memoize(2, (text: string) => {
      seen.push(text);
      return text.toUpperCase();
    });
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(seen).toEqual(['a', 'b']);
    upper('c');
    upper('a');
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });
});
