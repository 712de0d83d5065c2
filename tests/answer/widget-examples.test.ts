/**
 * The questions the widget offers a resident as examples are answered, with citations, over the
 * default corpus in the default mode (the built-in model): an example that ends in « je n'ai pas
 * trouvé » is the first thing a resident would see fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.ts';
import type { SearchableIndex } from '../../src/retrieval/hybrid.ts';
import { DEFAULT_SETTINGS } from '../../widget/src/settings.ts';
import { type IngestedCorpus, ingestCorpus } from '../fixtures/ingested.ts';

let corpus: IngestedCorpus;
let searchable: SearchableIndex;

beforeAll(async () => {
  corpus = await ingestCorpus('corpus');
  searchable = corpus.searchable;
}, 120_000);

afterAll(() => corpus?.remove());

describe('the widget’s example questions, default corpus and model', () => {
  it.each(DEFAULT_SETTINGS.examples)('answers « %s » with citations', async (question) => {
    const answer = await answerQuestion(
      { searchable, contact: { name: 'Service Politique de la ville' } },
      question,
    );
    expect(answer.declined).toBe(false);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.answer).not.toMatch(/Je n'ai pas trouvé/);
  });
});
