/**
 * `npm run bench:scale` builds its corpora from the evaluation documents: a size asked for gives
 * about that many passages once ingested, always the same text, and it works on a fresh clone
 * without `../shared`.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readSources,
  SECTIONS_PER_DOCUMENT,
  sourceFolders,
  syntheticDocument,
  writeSyntheticCorpus,
} from '../../bench/scale/corpus.ts';
import { unseenQuestions } from '../../bench/scale/questions.ts';
import { loadEmbedder } from '../../src/embedding/index.ts';
import { ingest } from '../../src/ingest/pipeline.ts';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-bench-corpus-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('synthetic corpora', () => {
  it('read the default corpus alone when ../shared is absent', async () => {
    // A clone with only its own corpus: no ../shared beside it.
    const root = join(work, 'clone');
    await mkdir(root);
    await symlink(resolve('corpus'), join(root, 'corpus'));
    const folders = sourceFolders(root);
    expect(folders).toEqual([resolve('corpus')]);
    const sources = readSources(folders);
    expect(sources.headings.length).toBeGreaterThan(10);
    expect(sources.paragraphs.length).toBeGreaterThan(100);
  });

  it('give about the passages asked for, the same each time', async () => {
    const sources = readSources([resolve('corpus')]);
    expect(syntheticDocument(sources, 3)).toBe(syntheticDocument(sources, 3));
    expect(syntheticDocument(sources, 3)).not.toBe(syntheticDocument(sources, 4));

    const corpusDir = join(work, 'corpus');
    const target = 4 * SECTIONS_PER_DOCUMENT;
    expect(await writeSyntheticCorpus(corpusDir, target, sources)).toBe(4);
    expect(await readdir(corpusDir)).toHaveLength(4);
    expect(await readFile(join(corpusDir, 'dossier-00001.md'), 'utf8')).toMatch(/^---\ntitle: "Dossier 1 : /);

    const embedder = await loadEmbedder({ model: 'citadoc-ngram-fr', modelsDir: 'models' });
    const report = await ingest({
      corpusDir,
      indexDir: join(work, 'index'),
      modelId: 'citadoc-ngram-fr',
      loadEmbedder: async () => embedder,
    });
    expect(report.failed).toBe(0);
    expect(report.totals.chunks).toBeGreaterThanOrEqual(target * 0.95);
    expect(report.totals.chunks).toBeLessThanOrEqual(target * 1.1);
  });

  it('ask questions never asked before', () => {
    const questions = unseenQuestions(readSources([resolve('corpus')]).paragraphs);
    const asked = Array.from({ length: 2_000 }, () => questions.next());
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked[0]).toMatch(/\?$/);
  });
});
