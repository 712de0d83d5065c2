import { describe, expect, it } from 'vitest';
import { testPassage } from '../../tests/fixtures/passages.ts';
import { decideSupport } from './decide.ts';
import { queryTerms } from './evidence.ts';
import type { ScoredSentence } from './extractive.ts';

function passage(text: string, ranks: { lexicalRank?: number; denseRank?: number }) {
  return testPassage(text, ranks);
}

const sentence = (coverage: number): ScoredSentence => ({ text: 'x', passage: 0, score: coverage, coverage });
const idf = () => 1;
const TERMS = queryTerms('signature contrat ville quartiers', idf, 1);
const AGREED = passage('La signature du contrat de ville pour les quartiers.', {
  lexicalRank: 1,
  denseRank: 2,
});

describe('decideSupport', () => {
  it('declines when nothing was retrieved', () => {
    expect(decideSupport(TERMS, [], [sentence(1)]).answer).toBe(false);
  });

  it('answers when one sentence covers most of the question', () => {
    const lexicalOnly = passage('Autre texte.', { lexicalRank: 1 });
    expect(decideSupport(TERMS, [lexicalOnly], [sentence(0.6)]).answer).toBe(true);
  });

  it('answers a partly covering sentence when one of the first passages covers the question', () => {
    const lexicalOnly = passage(AGREED.text, { lexicalRank: 1 });
    const decision = decideSupport(TERMS, [lexicalOnly], [sentence(0.45)]);
    expect(decision).toMatchObject({ answer: true, agreement: false });
    expect(decision.passageCoverage).toBe(1);
  });

  it('names which of the first passages covers the question most', () => {
    const partial = passage('La signature a eu lieu hier.', { lexicalRank: 1 });
    const decision = decideSupport(TERMS, [partial, AGREED, partial], [sentence(0.3)]);
    expect(decision).toMatchObject({ passageCoverage: 1, coveringPassage: 1 });
    expect(decideSupport(TERMS, [], []).coveringPassage).toBeUndefined();
  });

  it('reports whether both indexes agree on the first passage', () => {
    expect(decideSupport(TERMS, [AGREED], [sentence(0.45)]).agreement).toBe(true);
  });

  it('declines a partly covering sentence when no passage covers the question', () => {
    const terms = queryTerms('signature convention quartiers prioritaires', idf, 1);
    const partial = passage('La signature a eu lieu hier.', { lexicalRank: 1, denseRank: 1 });
    expect(decideSupport(terms, [partial], [sentence(0.45)]).answer).toBe(false);
  });

  it('declines when the passage covers the question but the sentence too little', () => {
    expect(decideSupport(TERMS, [AGREED], [sentence(0.3)]).answer).toBe(false);
  });
});
