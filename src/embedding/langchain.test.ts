import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HuggingFaceTransformersEmbeddings } from '@langchain/community/embeddings/huggingface_transformers';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLangChainEmbeddings } from './langchain.ts';
import { loadEmbedder } from './load-embedder.ts';
import { DEFAULT_MODEL_ID } from './ngram-model/config.ts';
import type { Embedder } from './types.ts';

const TEXTS = [
  'Le bailleur social rénove les logements du quartier prioritaire.',
  "La Mission locale accompagne les jeunes demandeurs d'emploi vers la formation.",
  'Le programme de réussite éducative soutient les élèves des écoles.',
];

let modelsDir: string;
let embedder: Embedder;

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), 'citadoc-langchain-'));
  embedder = await loadEmbedder({ model: DEFAULT_MODEL_ID, modelsDir });
});
afterAll(() => rm(modelsDir, { recursive: true, force: true }));

describe('toLangChainEmbeddings', () => {
  it('gives LangChain the same vectors as the embedder', async () => {
    const embeddings = toLangChainEmbeddings(embedder);
    const documents = await embeddings.embedDocuments(TEXTS);
    const passages = await embedder.embedPassages(TEXTS);
    expect(documents).toEqual(passages.map((v) => Array.from(v)));
    expect(await embeddings.embedQuery('logement')).toEqual(
      Array.from(await embedder.embedQuery('logement')),
    );
  });

  it('lets a naive HNSWLib store find the passage for a misspelt question', async () => {
    const store = await HNSWLib.fromTexts(
      TEXTS,
      [{ id: 0 }, { id: 1 }, { id: 2 }],
      toLangChainEmbeddings(embedder),
    );
    const [best] = await store.similaritySearch('renovation des logment', 1);
    expect(best?.metadata).toEqual({ id: 0 });
  });
});

describe('LangChain’s own HuggingFaceTransformersEmbeddings', () => {
  it('loads our local model folder (it shares Transformers.js and its env)', async () => {
    // loadEmbedder has pointed env.localModelPath at modelsDir and disabled remote models.
    const theirs = new HuggingFaceTransformersEmbeddings({
      model: DEFAULT_MODEL_ID,
      stripNewLines: false,
    });
    const vector = await theirs.embedQuery(TEXTS[0]!);
    const ours = await embedder.embedQuery(TEXTS[0]!);
    expect(vector).toHaveLength(ours.length);
    for (const [i, value] of vector.entries()) expect(value).toBeCloseTo(ours[i]!, 5);
  });
});
