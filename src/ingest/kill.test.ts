import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killedIngest } from '../../tests/fixtures/ingest-runs.ts';
import { loadSearchable } from '../assistant/index.ts';
import { loadEmbedder } from '../embedding/index.ts';
import type { Embedder } from '../embedding/types.ts';
import { retrieve } from '../retrieval/hybrid.ts';
import { ingest } from './pipeline.ts';

/** Moments (ms after start) at which the ingest process is killed: while loading, reading, embedding, writing. */
const KILL_AFTER_MS = [400, 1200, 2200, 3500, 5000];

let work: string;
let embedder: Embedder;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-kill-'));
  await cp('corpus', join(work, 'corpus'), { recursive: true });
  embedder = await loadEmbedder({ model: 'citadoc-ngram-fr', modelsDir: 'models' });
  await ingest({
    corpusDir: join(work, 'corpus'),
    indexDir: join(work, 'index'),
    modelId: 'citadoc-ngram-fr',
    loadEmbedder: async () => embedder,
  });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('ingest killed at any moment', () => {
  it.each(KILL_AFTER_MS)('leaves a complete index that still answers (killed after %i ms)', async (ms) => {
    await writeFile(
      join(work, 'corpus', 'note.md'),
      `# Note\n\nNote de service numéro ${ms} sur les jardins partagés.\n`,
    );
    await killedIngest(['--corpus', join(work, 'corpus'), '--index', join(work, 'index'), '--full'], ms);
    const searchable = await loadSearchable(join(work, 'index'), embedder);
    const passages = await retrieve(searchable, 'quartiers prioritaires de La Grand-Combe', { k: 3 });
    expect(passages.length).toBeGreaterThan(0);
    expect(searchable.index.chunks.size).toBe(searchable.index.lexical.size);
  });
});
