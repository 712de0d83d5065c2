/**
 * Figures that disagree, end to end: two pages of a fictional town on the same project, three years
 * apart, ingested with the real pipeline; the answer gives both figures, the most recent first, each
 * with its document's date, and its markers name the cards of those documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestedCorpus, ingestCorpus } from '../../tests/fixtures/ingested.ts';
import { CONTRAT, RENOVATION_2021, RENOVATION_2024 } from '../../tests/fixtures/rivebelle.ts';
import type { SearchableIndex } from '../retrieval/hybrid.ts';
import { answerQuestion } from './answer.ts';
import { DATED_FIGURES_INTRO } from './dated-figures.ts';

let corpus: IngestedCorpus;
let searchable: SearchableIndex;

beforeAll(async () => {
  corpus = await ingestCorpus({
    'contrat-de-ville.md': CONTRAT,
    'reunion-publique-2021.md': RENOVATION_2021,
    'avenant-2024.md': RENOVATION_2024,
  });
  expect(corpus.report.failed).toBe(0);
  searchable = corpus.searchable;
});

afterAll(() => corpus?.remove());

describe('answerQuestion', () => {
  describe('when documents of different dates give different figures', () => {
    it('lists each figure with its document’s date, most recent first, marked with that document’s card', async () => {
      const answer = await answerQuestion(
        { searchable, contact: { name: 'Mairie de Rivebelle' } },
        'Combien de logements vont être démolis aux Hauts-de-Saulière ?',
      );
      expect(answer.kind).toBe('answer');
      expect(answer.answer).toContain(DATED_FIGURES_INTRO);
      const items = answer.answer.split('\n').filter((line) => line.startsWith('- '));
      expect(items).toHaveLength(2);
      expect(items[0]).toMatch(/^- Document du 12 juin 2024 : « .*286 logements.* » \[(\d)\]$/);
      expect(items[1]).toMatch(/^- Document de mars 2021 : « .*310 logements.* » \[(\d)\]$/);
      // Each marker is the card of the document the figure comes from, whatever the order of the cards.
      const cardOf = (item: string) =>
        answer.citations.find((c) => c.n === Number(/\[(\d)\]$/.exec(item)?.[1]));
      expect(cardOf(items[0]!)).toMatchObject({ source: 'avenant-2024.md', date: '2024-06-12' });
      expect(cardOf(items[1]!)).toMatchObject({ source: 'reunion-publique-2021.md', date: '2021-03' });
      expect(answer.citations.map((c) => c.n)).toEqual(answer.citations.map((_, i) => i + 1));
    });
  });

  describe('when one document gives the figure', () => {
    it('quotes it as it is, with no dated list', async () => {
      const answer = await answerQuestion(
        { searchable, contact: { name: 'Mairie de Rivebelle' } },
        'Quand le Contrat de ville de Rivebelle a-t-il été signé ?',
      );
      expect(answer.kind).toBe('answer');
      expect(answer.answer).toContain('12 mars 2024');
      expect(answer.answer).not.toContain(DATED_FIGURES_INTRO);
      expect(answer.answer).not.toContain('Document du');
    });
  });
});
