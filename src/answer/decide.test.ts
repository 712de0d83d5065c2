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

  it('answers a partly covering sentence when both indexes agree on a passage that covers the question', () => {
    const decision = decideSupport(TERMS, [AGREED], [sentence(0.45)]);
    expect(decision).toMatchObject({ answer: true, agreement: true });
    expect(decision.passageCoverage).toBe(1);
  });

  it('declines the same sentence when only one index found the passage', () => {
    const lexicalOnly = passage(AGREED.text, { lexicalRank: 1 });
    expect(decideSupport(TERMS, [lexicalOnly], [sentence(0.45)])).toMatchObject({
      answer: false,
      agreement: false,
    });
  });

  it('declines when the indexes agree but the sentence covers too little', () => {
    expect(decideSupport(TERMS, [AGREED], [sentence(0.3)]).answer).toBe(false);
  });
});
