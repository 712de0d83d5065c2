import { describe, expect, it } from 'vitest';
import { testPassage } from '../../tests/fixtures/passages.ts';
import { type DecisionMode, decideSupport } from './decide.ts';
import { DECISION_MODELS } from './decision-model.ts';
import { queryTerms } from './evidence.ts';
import type { ScoredSentence } from './extractive.ts';

const sentence = (coverage: number): ScoredSentence => ({
  text: 'x',
  passage: 0,
  score: coverage,
  coverage,
  meaning: 0,
});
const idf = () => 1;
const TERMS = queryTerms('signature contrat ville quartiers', idf, 1);
const COVERING = testPassage('La signature du contrat de ville pour les quartiers.', {
  lexicalRank: 1,
  denseRank: 2,
  similarity: 0.9,
});
const OFF_TOPIC = testPassage('La recette de la brandade demande de la morue.', {
  lexicalRank: 1,
  similarity: 0.7,
});
const MODES: DecisionMode[] = ['lexical', 'semantic'];

describe('decideSupport', () => {
  for (const mode of MODES) {
    describe(`in ${mode} mode`, () => {
      it('declines when nothing was retrieved', () => {
        expect(decideSupport(TERMS, [], [sentence(1)], mode)).toMatchObject({ answer: false, confidence: 0 });
      });

      it('answers when a sentence and its passage cover the whole question', () => {
        expect(decideSupport(TERMS, [COVERING], [sentence(1)], mode).answer).toBe(true);
      });

      it('declines when no passage holds any word of the question', () => {
        expect(decideSupport(TERMS, [OFF_TOPIC], [sentence(0)], mode).answer).toBe(false);
      });

      it('is more confident as more of the question is covered', () => {
        const confidence = (c: number) => decideSupport(TERMS, [COVERING], [sentence(c)], mode).confidence;
        expect(confidence(0.2)).toBeLessThan(confidence(0.5));
        expect(confidence(0.5)).toBeLessThan(confidence(0.9));
      });
    });
  }

  it('reads what the model of meaning ranks first only in semantic mode', () => {
    const first = testPassage(COVERING.text, { ...COVERING, denseRank: 1 });
    const far = testPassage(COVERING.text, { ...COVERING, denseRank: 30 });
    const at = (p: typeof first, mode: DecisionMode) =>
      decideSupport(TERMS, [p], [sentence(0.5)], mode).confidence;
    expect(at(first, 'lexical')).toBe(at(far, 'lexical'));
    expect(at(first, 'semantic')).toBeGreaterThan(at(far, 'semantic'));
    expect(Object.keys(DECISION_MODELS.lexical.weights)).not.toContain('meaningRank');
  });

  it('is less confident when words the documents never use weigh much in the question', () => {
    const known = queryTerms('signature contrat ville quartiers', idf, 1);
    const unknownIdf = (term: string) => (term.startsWith('meteo') ? undefined : 1);
    const withUnknown = queryTerms('signature contrat ville quartiers météo', unknownIdf, 1);
    expect(withUnknown.unknownShare).toBeGreaterThan(0);
    const at = (terms: typeof known) =>
      decideSupport(terms, [COVERING], [sentence(0.8)], 'lexical').confidence;
    expect(at(withUnknown)).toBeLessThan(at(known));
  });

  it('names which of the first passages covers the question most', () => {
    const partial = testPassage('La signature a eu lieu hier.', { lexicalRank: 1 });
    const decision = decideSupport(TERMS, [partial, COVERING, partial], [sentence(0.3)], 'lexical');
    expect(decision).toMatchObject({ passageCoverage: 1, coveringPassage: 1 });
    expect(decideSupport(TERMS, [], [], 'lexical').coveringPassage).toBeUndefined();
  });

  it('reports the features it read and the mode', () => {
    const decision = decideSupport(TERMS, [COVERING], [sentence(0.8)], 'semantic');
    expect(decision.mode).toBe('semantic');
    expect(decision.features).toMatchObject({
      sentenceCoverage: 0.8,
      passageCoverage: 1,
      similarity: 0.9,
      agreement: 1,
    });
  });
});
