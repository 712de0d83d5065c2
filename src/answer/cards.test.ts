import { describe, expect, it } from 'vitest';
import { testPassage } from '../../tests/fixtures/passages.ts';
import type { Passage } from '../retrieval/hybrid.ts';
import { analyze } from '../text/french.ts';
import {
  chooseCards,
  MAX_CITATIONS,
  RELATED_MAX_MISSING_WORD,
  RELATED_MAX_UNKNOWN_SHARE,
  RELATED_MIN_COVERAGE,
  relatedPassage,
} from './cards.ts';
import { decideSupport } from './decide.ts';
import { queryTerms } from './evidence.ts';

/** Three words of equal weight: a passage holding one of them covers a third of the question. */
const TERMS = queryTerms('chaudière entretien locataire', () => 1, 1);

const QUOTED = testPassage("L'entretien annuel de la chaudière est à la charge du locataire.");
const ONE_WORD = testPassage('Le locataire signale toute panne au bailleur.');
const NOTHING = testPassage('Les espaces verts sont tondus chaque mois.');

describe('chooseCards', () => {
  it('shows the passages quoted, then one holding a third of the question as further reading', () => {
    expect(chooseCards(TERMS, [QUOTED, ONE_WORD, NOTHING], [0])).toEqual([0, 1]);
  });

  it('keeps retrieval order, so the best-ranked card is [1] even when a later passage is quoted', () => {
    expect(chooseCards(TERMS, [ONE_WORD, QUOTED], [1])).toEqual([0, 1]);
  });

  it('leaves out a passage that shares nothing with the question', () => {
    expect(chooseCards(TERMS, [NOTHING, QUOTED, NOTHING], [1])).toEqual([1]);
  });

  it(`shows at most ${MAX_CITATIONS} cards, quoted ones first in line`, () => {
    const passages = [...Array(7)].map(() => ONE_WORD);
    passages.push(QUOTED);
    const cards = chooseCards(TERMS, passages, [7]);
    expect(cards).toHaveLength(MAX_CITATIONS);
    expect(cards).toContain(7);
  });
});

describe('relatedPassage', () => {
  const TWO_WORDS = testPassage("L'entretien de la chaudière est prévu chaque automne.");
  /** What is offered once the decision has read these passages (no sentence answered). */
  const related = (passages: Passage[]) => relatedPassage(decideSupport(TERMS, passages, [], 'lexical'));

  it("offers, with a decline, the first passages' one that covers most of the question, from half on", () => {
    expect(related([ONE_WORD, TWO_WORDS, NOTHING])).toBe(1);
  });

  it('offers nothing when no passage covers half of the question', () => {
    expect(related([ONE_WORD, NOTHING])).toBeUndefined();
  });

  it('looks no further than the passages the decision read', () => {
    expect(related([NOTHING, NOTHING, NOTHING, TWO_WORDS])).toBeUndefined();
  });

  describe('when the question is about something the documents never mention', () => {
    it('offers nothing for a passage matching its other words, when one unknown word holds much of it', () => {
      // « demain » (« petites villes de demain ») and « Alès » are the documents' words, « météo » is not.
      const idf = (term: string) => ({ demain: 1, ale: 0.2 })[term];
      const terms = queryTerms('Quelle météo à Alès demain ?', idf, 1);
      const demain = testPassage('À Alès, Anduze est lauréate du dispositif petites villes de demain.');
      const decision = decideSupport(terms, [demain], [], 'lexical');
      expect(decision.passageCoverage).toBeGreaterThanOrEqual(RELATED_MIN_COVERAGE);
      expect(decision.features.unknownShare).toBeLessThan(RELATED_MAX_UNKNOWN_SHARE);
      expect(relatedPassage(decision)).toBeUndefined();
    });

    it('offers nothing when the words the documents never use hold half of it', () => {
      // Three known words cover half; three unknown ones share the other half (each too light alone).
      const known = analyze('fenêtre volet serrure');
      const terms = queryTerms(
        'fenêtre volet serrure pitchoun gadjo minot',
        (t) => (known.includes(t) ? 0.5 : undefined),
        1,
      );
      const decision = decideSupport(
        terms,
        [testPassage('La fenêtre, le volet et la serrure.')],
        [],
        'lexical',
      );
      expect(decision.passageCoverage).toBeGreaterThanOrEqual(RELATED_MIN_COVERAGE);
      expect(decision.features.heaviestMissing).toBeLessThan(RELATED_MAX_MISSING_WORD);
      expect(relatedPassage(decision)).toBeUndefined();
    });
  });
});
