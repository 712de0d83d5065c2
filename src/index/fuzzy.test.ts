import { describe, expect, it } from 'vitest';
import { boundedDistance, FuzzyMatcher } from './fuzzy.ts';

describe('boundedDistance', () => {
  it('counts insertions, deletions, substitutions and transpositions as one edit', () => {
    expect(boundedDistance('logment', 'logement', 2)).toBe(1);
    expect(boundedDistance('logememt', 'logement', 2)).toBe(1);
    expect(boundedDistance('lgoement', 'logement', 2)).toBe(1);
    expect(boundedDistance('prioritere', 'prioritaire', 2)).toBe(2);
  });

  it('stops at max + 1', () => {
    expect(boundedDistance('ecole', 'emploi', 1)).toBe(2);
    expect(boundedDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('FuzzyMatcher', () => {
  const matcher = new FuzzyMatcher();
  for (const word of ['logement', 'logements', 'loisir', 'prioritaire', 'quartier', 'emploi'])
    matcher.add(word);

  it('finds the words within the distance, closest first', () => {
    expect(matcher.lookup('logment', 1)).toEqual([{ word: 'logement', distance: 1 }]);
    expect(matcher.lookup('logments', 2).map((c) => c.word)).toEqual(['logements', 'logement']);
    expect(matcher.lookup('prioritere', 2)).toEqual([{ word: 'prioritaire', distance: 2 }]);
  });

  it('finds nothing far away', () => {
    expect(matcher.lookup('piscine', 2)).toEqual([]);
    expect(matcher.lookup('emploi', 1)).toEqual([{ word: 'emploi', distance: 0 }]);
  });

  it('indexes words added after a lookup', () => {
    matcher.add('ecole');
    expect(matcher.lookup('ecoel', 1)).toEqual([{ word: 'ecole', distance: 1 }]);
  });
});
