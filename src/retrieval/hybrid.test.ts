/**
 * Fusion: how much the dense vote counts depends on the model. The default n-gram model only breaks
 * ties in the lexical order; a pretrained sentence model, which carries meaning, can bring a
 * paraphrase first when the words do not clearly prefer another passage. Without the question's
 * vector (an embeddings server away), the lexical order stands alone.
 */
import { describe, expect, it } from 'vitest';
import { TEST_DOCUMENT } from '../../tests/fixtures/passages.ts';
import type { Embedder } from '../embedding/types.ts';
import { DenseIndex } from '../index/dense.ts';
import { LexicalIndex } from '../index/lexical.ts';
import type { LoadedIndex, StoredChunk } from '../index/store.ts';
import { type SearchableIndex, searchCandidates } from './hybrid.ts';

const QUESTION = 'chauffage en panne';

/** Each passage with the vector a fake model gives it; the question's vector is [1, 0, 0]. */
const PASSAGES: [string, number[]][] = [
  // The lexical index's first: the words, none of the meaning the model sees.
  ['Panne de chauffage : chauffage collectif en panne.', [0, 1, 0]],
  // The model's first, found second by the lexical index.
  ["Quand le chauffage est en panne, prévenez vite le gardien de l'immeuble.", [1, 0, 0]],
  // The model's second.
  ['La chaudière de la résidence est entretenue chaque année.', [0.9, 0.3, 0]],
];

function searchableWith(
  modelId: string,
  embedQuery = async () => Float32Array.from([1, 0, 0]),
): SearchableIndex {
  const lexical = new LexicalIndex();
  const dense = DenseIndex.create(3);
  const chunks = new Map<number, StoredChunk>();
  PASSAGES.forEach(([text, vector], label) => {
    const chunk = {
      label,
      id: `contrat#${label}`,
      docId: TEST_DOCUMENT.id,
      ordinal: label,
      text,
      headingPath: [],
      start: 0,
      end: text.length,
    };
    chunks.set(label, chunk);
    lexical.add(label, { body: text });
    dense.add(label, Float32Array.from(vector));
  });
  const embedder: Embedder = {
    spec: { modelId, dimensions: 3, pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '' },
    embedQuery,
    embedPassages: async (texts) => texts.map(() => Float32Array.from([1, 0, 0])),
  };
  const index = { chunks, lexical, dense } as unknown as LoadedIndex;
  return { index, documents: new Map([[TEST_DOCUMENT.id, TEST_DOCUMENT]]), embedder };
}

async function firstLabels(modelId: string): Promise<number[]> {
  const candidates = await searchCandidates(searchableWith(modelId), QUESTION);
  return candidates.map((c) => c.chunk.label);
}

describe('searchCandidates', () => {
  it('finds the passages in the order of each index (the test stands on them)', async () => {
    const [first] = await searchCandidates(searchableWith('citadoc-ngram-fr'), QUESTION);
    expect(first?.lexicalRank).toBe(1);
    const byLabel = new Map(
      (await searchCandidates(searchableWith('x'), QUESTION)).map((c) => [c.chunk.label, c]),
    );
    expect([0, 1, 2].map((l) => byLabel.get(l)?.lexicalRank)).toEqual([1, 2, undefined]);
    expect([0, 1, 2].map((l) => byLabel.get(l)?.denseRank)).toEqual([3, 1, 2]);
  });

  describe('with the default n-gram model', () => {
    it('keeps the lexical order: its vote only breaks ties', async () => {
      expect((await firstLabels('citadoc-ngram-fr')).slice(0, 2)).toEqual([0, 1]);
    });
  });

  describe('with a pretrained sentence model', () => {
    it("lets the model's first passage, also found by the words, come first", async () => {
      expect((await firstLabels('Xenova/multilingual-e5-small'))[0]).toBe(1);
    });
  });

  describe('when the question cannot be embedded', () => {
    it('answers from the lexical index alone, and says so', async () => {
      const failing = searchableWith('multilingual-e5-small-q4', async () => {
        throw new Error('serveur injoignable');
      });
      const candidates = await searchCandidates(failing, QUESTION);
      expect(candidates.map((c) => c.chunk.label)).toEqual([0, 1]);
      expect(candidates.every((c) => c.denseRank === undefined)).toBe(true);
      expect(candidates.dense).toBe(false);
    });
  });
});
