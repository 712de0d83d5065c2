/**
 * The questions the widget offers a resident as examples are answered, with citations, over the
 * default corpus in the default mode (the built-in model): an example that ends in « je n'ai pas
 * trouvé » is the first thing a resident would see fail.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.ts';
import { loadSearchable } from '../../src/assistant/index.ts';
import { DEFAULT_MODEL_ID, loadEmbedder } from '../../src/embedding/index.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import type { SearchableIndex } from '../../src/retrieval/hybrid.ts';
import { DEFAULT_SETTINGS } from '../../widget/src/settings.ts';

let work: string;
let searchable: SearchableIndex;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-examples-'));
  const embedder = await loadEmbedder({ model: DEFAULT_MODEL_ID, modelsDir: 'models' });
  await ingest({
    corpusDir: 'corpus',
    indexDir: join(work, 'index'),
    modelId: DEFAULT_MODEL_ID,
    loadEmbedder: async () => embedder,
  });
  searchable = await loadSearchable(join(work, 'index'), embedder);
}, 120_000);

afterAll(() => rm(work, { recursive: true, force: true }));

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
