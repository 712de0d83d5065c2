/**
 * The pretrained-model path of loadEmbedder (prefixes, dimensions read from the output, batching),
 * exercised on a tiny random BERT written by the test: no model hub is reachable from here.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder } from './load-embedder.ts';
import { writeTinyBertModel } from './testing/tiny-bert.ts';
import type { Embedder } from './types.ts';

const MODEL_ID = 'test-org/tiny-bert';
const TEXTS = [
  'logement social dans les quartiers prioritaires',
  'emploi des jeunes',
  'aide aux associations de la ville et de l’agglomération pour la rénovation urbaine',
  'école',
  'santé des habitants',
];

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

let modelsDir: string;
let embedder: Embedder;

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), 'citadoc-tiny-bert-'));
  await writeTinyBertModel(modelsDir, MODEL_ID);
  embedder = await loadEmbedder({ model: MODEL_ID, modelsDir, family: 'e5', batchSize: 2 });
});
afterAll(() => rm(modelsDir, { recursive: true, force: true }));

describe('loadEmbedder with a pretrained BERT-type model declared as e5', () => {
  it('states the e5 prefixes and the dimensions the model outputs', () => {
    expect(embedder.spec).toEqual({
      provider: 'transformers',
      modelId: MODEL_ID,
      dimensions: 32,
      pooling: 'mean',
      normalize: true,
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
    });
  });

  it('returns unit vectors', async () => {
    for (const vector of await embedder.embedPassages(TEXTS)) {
      expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 5);
    }
  });

  it('embeds a question and a passage of the same text differently (the prefixes reach the model)', async () => {
    const [asPassage] = await embedder.embedPassages([TEXTS[0]!]);
    const asQuery = await embedder.embedQuery(TEXTS[0]!);
    expect(dot(asPassage!, asQuery)).toBeLessThan(0.999);
  });

  it('is deterministic', async () => {
    const first = await embedder.embedQuery(TEXTS[1]!);
    const second = await embedder.embedQuery(TEXTS[1]!);
    expect(Array.from(first)).toEqual(Array.from(second));
  });

  it('gives the same vectors in batches (padded, masked) as one at a time', async () => {
    const batched = await embedder.embedPassages(TEXTS);
    expect(batched).toHaveLength(TEXTS.length);
    for (const [i, text] of TEXTS.entries()) {
      const [single] = await embedder.embedPassages([text]);
      for (const [d, value] of single!.entries()) expect(batched[i]![d]).toBeCloseTo(value, 5);
    }
  });
});
