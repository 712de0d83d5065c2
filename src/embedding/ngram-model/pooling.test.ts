import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder } from '../load-embedder.ts';
import type { Embedder } from '../types.ts';
import { buildDefaultModel } from './build.ts';
import { DEFAULT_MODEL_ID } from './config.ts';
import { buildNgramGraph } from './graph.ts';

/** The graph's float32 sums against Transformers.js's float64 loop: rounding apart, nothing more. */
const TOLERANCE = 1e-5;

const TEXTS = [
  'Quels sont les horaires de la piscine municipale ?',
  'Quels sont les horaires de la piscne municipal',
  'AIDE AU LOGEMENT : conditions de ressources, pièces à fournir',
  'le la les',
  '',
  // Longer than the model's 4096 tokens: truncated, and it makes the batch pad the short texts.
  'Le contrat de ville fixe les engagements des partenaires dans les quartiers prioritaires. '.repeat(60),
];

let modelsDir: string;
let pooled: Embedder;
let reference: Embedder;

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), 'citadoc-pooling-'));
  const { dir } = await buildDefaultModel(modelsDir);
  // The same model, one vector per token, pooled by Transformers.js in JavaScript (model version 1).
  const referenceDir = path.join(modelsDir, 'citadoc-ngram-tokens');
  await cp(dir, referenceDir, { recursive: true });
  await writeFile(path.join(referenceDir, 'onnx/model.onnx'), buildNgramGraph({ output: 'tokens' }));
  pooled = await loadEmbedder({ model: DEFAULT_MODEL_ID, modelsDir });
  reference = await loadEmbedder({ model: 'citadoc-ngram-tokens', modelsDir, family: 'citadoc-ngram' });
}, 60_000);
afterAll(() => rm(modelsDir, { recursive: true, force: true }));

function maxDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
}

describe('the built-in model pooled inside its graph', () => {
  it('gives the vectors Transformers.js pooled in JavaScript, one text at a time and in a padded batch', async () => {
    const expected = await reference.embedPassages(TEXTS);
    const batched = await pooled.embedPassages(TEXTS);
    for (const [i, text] of TEXTS.entries()) {
      expect(maxDifference(batched[i]!, expected[i]!)).toBeLessThan(TOLERANCE);
      expect(maxDifference(await pooled.embedQuery(text), expected[i]!)).toBeLessThan(TOLERANCE);
    }
  });

  it('returns unit vectors that tell texts apart', async () => {
    const [a, b, c] = await pooled.embedPassages(TEXTS.slice(0, 3));
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((sum, v, i) => sum + v * y[i]!, 0);
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    // A typo moves the vector a little; another subject moves it far.
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!) + 0.2);
    expect(pooled.spec).toMatchObject({ pooling: 'mean', normalize: true, dimensions: 256 });
  });
});
