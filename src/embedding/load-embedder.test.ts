import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, ModelLoadError } from './load-embedder.ts';
import { buildDefaultModel } from './ngram-model/build.ts';
import { DEFAULT_MODEL_ID } from './ngram-model/config.ts';
import type { Embedder } from './types.ts';

const PASSAGES = {
  housing:
    'Le bailleur social rénove les logements du quartier prioritaire des Prés-Saint-Jean : isolation, ' +
    'nouvelles fenêtres et baisse des charges pour les locataires.',
  employment:
    "La Mission locale accompagne les jeunes demandeurs d'emploi vers la formation professionnelle et " +
    "l'apprentissage auprès des entreprises du bassin alésien.",
  schools:
    'Le programme de réussite éducative soutient les élèves des écoles et collèges en difficulté, avec ' +
    "l'aide aux devoirs et l'accompagnement des parents.",
  health:
    'Le centre de santé municipal propose des consultations de médecins généralistes et des actions de ' +
    'prévention pour les habitants.',
};
type Topic = keyof typeof PASSAGES;
const TOPICS = Object.keys(PASSAGES) as Topic[];

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

let modelsDir: string;
let embedder: Embedder;
let passageVectors: Float32Array[];

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), 'citadoc-embed-'));
  // The folder is empty: loadEmbedder must build the default model itself.
  embedder = await loadEmbedder({ model: DEFAULT_MODEL_ID, modelsDir });
  passageVectors = await embedder.embedPassages(TOPICS.map((topic) => PASSAGES[topic]));
});
afterAll(() => rm(modelsDir, { recursive: true, force: true }));

async function closestTopic(query: string): Promise<Topic> {
  const vector = await embedder.embedQuery(query);
  const scores = passageVectors.map((p) => dot(vector, p));
  return TOPICS[scores.indexOf(Math.max(...scores))]!;
}

describe('loadEmbedder with the default model', () => {
  it('states its choices for the index manifest', () => {
    expect(embedder.spec).toEqual({
      provider: 'transformers',
      modelId: DEFAULT_MODEL_ID,
      dimensions: 256,
      pooling: 'mean',
      normalize: true,
      queryPrefix: '',
      passagePrefix: '',
    });
  });

  it('returns unit vectors of the stated dimensions', async () => {
    for (const vector of [...passageVectors, await embedder.embedQuery('logement')]) {
      expect(vector).toHaveLength(embedder.spec.dimensions);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('gives the same vector for the same text, alone or in a batch', async () => {
    const alone = await embedder.embedPassages([PASSAGES.health]);
    expect(Array.from(alone[0]!)).toEqual(Array.from(passageVectors[3]!));
    expect(Array.from(await embedder.embedQuery('logement'))).toEqual(
      Array.from(await embedder.embedQuery('logement')),
    );
  });

  describe('when a question has typos or lacks accents', () => {
    it.each([
      ['quartie prioritere', 'housing'],
      ['Quels sont les logements rénovés ?', 'housing'],
      ['formation profesionelle pour les jeunes sans emploi', 'employment'],
      ['aide aux devoir ecole', 'schools'],
      ['consultation medecin', 'health'],
    ] as const)('still finds the passage: « %s » → %s', async (query, topic) => {
      expect(await closestTopic(query)).toBe(topic);
    });

    it('keeps a misspelt word close to the right one', async () => {
      const typo = await embedder.embedQuery('quartie prioritere');
      const right = await embedder.embedQuery('quartiers prioritaires');
      const unrelated = await embedder.embedQuery('emploi des jeunes');
      expect(dot(typo, right)).toBeGreaterThan(0.5);
      expect(dot(typo, unrelated)).toBeLessThan(0.1);
    });
  });

  it('ignores case, accents, elisions and stop words', async () => {
    const a = await embedder.embedQuery("Rénovation Urbaine de l'Habitat");
    const b = await embedder.embedQuery('renovation urbaine habitat');
    expect(dot(a, b)).toBeCloseTo(1, 5);
  });

  it('does not find two unrelated sentences similar because they share stop words', async () => {
    const a = await embedder.embedQuery("Les enfants de la ville vont à l'école avec leurs parents");
    const b = await embedder.embedQuery('Les loyers de la résidence sont payés avec les aides au logement');
    expect(dot(a, b)).toBeLessThan(0.15);
  });

  it('still returns a unit vector for a text made only of stop words', async () => {
    expect(norm(await embedder.embedQuery('le la les de des'))).toBeCloseTo(1, 5);
  });
});

describe('loadEmbedder errors', () => {
  it('says a pretrained model cannot be downloaded here when it is missing', async () => {
    const load = loadEmbedder({ model: 'Xenova/multilingual-e5-small', modelsDir });
    await expect(load).rejects.toThrow(ModelLoadError);
    await expect(load).rejects.toThrow(/introuvable.*téléchargement est désactivé/);
  });

  it('tells how to rebuild a corrupt default model', async () => {
    const otherDir = await mkdtemp(path.join(tmpdir(), 'citadoc-corrupt-'));
    try {
      const { dir } = await buildDefaultModel(otherDir);
      await writeFile(path.join(dir, 'onnx', 'model_pooled.onnx'), 'not a model');
      const load = loadEmbedder({ model: DEFAULT_MODEL_ID, modelsDir: otherDir });
      await expect(load).rejects.toThrow(/npm run build:model/);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
