/**
 * The index folder when a write fails or a run is killed: nothing half-written may stay behind,
 * since on a full disk those leftovers are what keeps it full.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTRAT } from '../../tests/fixtures/rivebelle.ts';
import { loadEmbedder } from '../embedding/index.ts';
import type { Embedder } from '../embedding/types.ts';
import { cleanOrphans } from '../ingest/orphans.ts';
import { ingest } from '../ingest/pipeline.ts';
import { DenseIndex } from './dense.ts';
import { loadIndex } from './store.ts';

let embedder: Embedder;
let work: string;
let corpusDir: string;
let indexDir: string;

const diskFull = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

function run() {
  return ingest({ corpusDir, indexDir, modelId: 'citadoc-ngram-fr', loadEmbedder: async () => embedder });
}

beforeAll(async () => {
  embedder = await loadEmbedder({ model: 'citadoc-ngram-fr', modelsDir: 'models' });
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-store-'));
  corpusDir = join(work, 'corpus');
  indexDir = join(work, 'index');
  await mkdir(corpusDir);
  await writeFile(join(corpusDir, 'contrat.md'), CONTRAT);
  await run();
});

afterEach(() => rm(work, { recursive: true, force: true }));

describe('a version being written', () => {
  describe('when the disk fills up while a version is written', () => {
    it('removes what it wrote and leaves the live version live', async () => {
      const live = (await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim();
      const before = (await readdir(indexDir)).sort();
      expect(before).toContain(live);
      await writeFile(join(corpusDir, 'ajout.md'), '# Ajout\n\nLa piscine municipale ouvre en juin.\n');
      // The graph is written after the segment's passages and lexical index: those are on disk by then.
      const save = vi.spyOn(DenseIndex.prototype, 'save').mockImplementation(() => {
        throw diskFull();
      });
      try {
        await expect(run()).rejects.toMatchObject({ code: 'ENOSPC' });
      } finally {
        save.mockRestore();
      }
      expect((await readdir(indexDir)).sort()).toEqual(before);
      expect((await loadIndex(indexDir)).version).toBe(live);
    });
  });
});

describe('orphans of an interrupted run', () => {
  async function leaveOrphans(): Promise<void> {
    await mkdir(join(indexDir, 'tmp-v-20260101T000000-abcdef'));
    await writeFile(join(indexDir, 'tmp-v-20260101T000000-abcdef', 'chunks.json'), '[]');
    await writeFile(join(indexDir, 'CURRENT.abcdef.tmp'), 'v-20260101T000000-abcdef\n');
  }
  const leftovers = async () =>
    (await readdir(indexDir)).filter((n) => n.startsWith('tmp-') || n.endsWith('.tmp'));

  it('are removed by the next ingestion, even one with nothing to change', async () => {
    await leaveOrphans();
    await run();
    expect(await leftovers()).toEqual([]);
  });

  it('are removed by cleanOrphans (what the service runs at start) when no ingestion runs', async () => {
    await leaveOrphans();
    expect((await cleanOrphans(indexDir)).sort()).toEqual([
      'CURRENT.abcdef.tmp',
      'tmp-v-20260101T000000-abcdef',
    ]);
    expect(await leftovers()).toEqual([]);
  });
});
