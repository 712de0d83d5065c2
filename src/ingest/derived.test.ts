/**
 * Commitments are extracted once, at ingestion, and stored with the index version: the service reads
 * them instead of extracting them from every passage at each load (issue 14).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Commitment } from '../assistant/types.ts';
import { COMMITMENTS_EXTRACTOR } from '../commitments/index.ts';
import { loadEmbedder } from '../embedding/index.ts';
import type { Embedder } from '../embedding/types.ts';
import { currentVersionDir, loadManifest, readDerivedFile } from '../index/store.ts';
import { ingest } from './pipeline.ts';

const RENOVATION = `---
title: "L'État débloque 52 M€ pour la rénovation des quartiers"
kind: web
date: "2024-05-17"
---

# Rénovation urbaine

L'État débloque 52 millions d'euros pour la rénovation urbaine du quartier des Prés-Saint-Jean.

La piscine ouvre le mercredi.
`;

let embedder: Embedder;
let work: string;
let corpus: string;
let indexDir: string;
let embedded: number;

function run() {
  return ingest({
    corpusDir: corpus,
    indexDir,
    modelId: 'citadoc-ngram-fr',
    loadEmbedder: async () => embedder,
    onEvent: (event) => {
      if (event.type === 'embed') embedded = event.done;
    },
  });
}

async function storedCommitments(): Promise<Commitment[]> {
  const { version } = await loadManifest(indexDir);
  return (await readDerivedFile(indexDir, version, 'commitments')) as Commitment[];
}

beforeAll(async () => {
  embedder = await loadEmbedder({ model: 'citadoc-ngram-fr', modelsDir: 'models' });
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-derived-'));
  corpus = join(work, 'corpus');
  indexDir = join(work, 'index');
  await mkdir(corpus);
  await writeFile(join(corpus, 'renovation.md'), RENOVATION);
  embedded = 0;
});

afterEach(() => rm(work, { recursive: true, force: true }));

describe('ingest', () => {
  it('stores the commitments of the passages with the version', async () => {
    await run();
    const commitments = await storedCommitments();
    expect(commitments).toEqual([
      expect.objectContaining({ partner: 'État', amount: 52_000_000, source: 'renovation.md' }),
    ]);
    expect((await loadManifest(indexDir)).manifest.derived.commitments).toBe(COMMITMENTS_EXTRACTOR);
  });

  describe('when the stored commitments were found by other rules', () => {
    it('recomputes them from the indexed passages, embedding nothing', async () => {
      const first = await run();
      const dir = (await currentVersionDir(indexDir))!;
      const manifestPath = join(dir, 'manifest.json');
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
      manifest.derived.commitments = 'commitments-0';
      await writeFile(manifestPath, JSON.stringify(manifest));
      await writeFile(join(dir, 'commitments.json'), '[]');
      embedded = 0;

      const report = await run();
      expect(report.files.map((f) => f.status)).toEqual(['unchanged']);
      expect(report.version).not.toBe(first.version);
      expect(embedded).toBe(0);
      expect((await loadManifest(indexDir)).manifest.derived.commitments).toBe(COMMITMENTS_EXTRACTOR);
      expect(await storedCommitments()).toHaveLength(1);
    });
  });
});
