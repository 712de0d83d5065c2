import { copyFile, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../../tests/fixtures/ingest-runs.ts';
import { JARDINS, PISCINE } from '../../tests/fixtures/small-documents.ts';
import { loadSearchable } from '../assistant/index.ts';
import { loadEmbedder } from '../embedding/index.ts';
import type { Embedder } from '../embedding/types.ts';
import { loadIndex } from '../index/store.ts';
import { retrieve } from '../retrieval/hybrid.ts';
import { ingest } from './pipeline.ts';

const MODELS_DIR = 'models';
const PDF_FIXTURE = 'tests/fixtures/pdf/01_guide-qui-repare-qui-entretient_reparations-locatives.pdf';

let embedder: Embedder;
let work: string;
let corpus: string;
let indexDir: string;

beforeAll(async () => {
  embedder = await loadEmbedder({ model: 'citadoc-ngram-fr', modelsDir: MODELS_DIR });
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-ingest-'));
  corpus = join(work, 'corpus');
  indexDir = join(work, 'index');
  await mkdir(corpus);
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

function run(extra: { full?: boolean } = {}) {
  return ingestFolder(corpus, indexDir, embedder, extra);
}

async function topSources(query: string): Promise<string[]> {
  const searchable = await loadSearchable(indexDir, embedder);
  const passages = await retrieve(searchable, query, { k: 5 });
  return passages.map((p) => p.doc.source);
}

describe('ingest', () => {
  describe('on a new corpus', () => {
    it('indexes every readable file and reports pages and passages', async () => {
      await writeFile(join(corpus, 'piscine.md'), PISCINE);
      await copyFile(PDF_FIXTURE, join(corpus, 'guide.pdf'));
      const report = await run();
      expect(report.files.map((f) => [f.source, f.status])).toEqual([
        ['guide.pdf', 'added'],
        ['piscine.md', 'added'],
      ]);
      const pdf = report.files.find((f) => f.source === 'guide.pdf')!;
      expect(pdf.pages).toBe(9);
      expect(pdf.chunks).toBeGreaterThan(5);
      expect(report.failed).toBe(0);
      expect(await topSources('horaires de la piscine')).toContain('piscine.md');
    });
  });

  describe('when files are added, changed, removed and renamed', () => {
    it('skips unchanged files and never returns removed passages again', async () => {
      await writeFile(join(corpus, 'piscine.md'), PISCINE);
      await writeFile(join(corpus, 'jardins.md'), JARDINS);
      const first = await run();
      const version = first.version;

      const again = await run();
      expect(again.files.every((f) => f.status === 'unchanged')).toBe(true);
      expect(again.version).toBe(version);

      await writeFile(
        join(corpus, 'piscine.md'),
        PISCINE.replace('de 10 heures à 19 heures', 'de 9 heures à 20 heures'),
      );
      await rm(join(corpus, 'jardins.md'));
      const second = await run();
      expect(Object.fromEntries(second.files.map((f) => [f.source, f.status]))).toEqual({
        'piscine.md': 'changed',
        'jardins.md': 'removed',
      });
      expect(await topSources('jardins partagés des Cévennes')).not.toContain('jardins.md');
      const searchable = await loadSearchable(indexDir, embedder);
      const texts = [...searchable.index.chunks.values()].map((c) => c.text).join('\n');
      expect(texts).toContain('de 9 heures à 20 heures');
      expect(texts).not.toContain('de 10 heures à 19 heures');
      expect(searchable.index.lexical.size).toBe(searchable.index.chunks.size);
      expect(searchable.index.dense.size).toBe(searchable.index.chunks.size);

      await rename(join(corpus, 'piscine.md'), join(corpus, 'piscine-tamaris.md'));
      const third = await run();
      expect(Object.fromEntries(third.files.map((f) => [f.source, f.status]))).toEqual({
        'piscine-tamaris.md': 'added',
        'piscine.md': 'removed',
      });
      expect(await topSources('horaires de la piscine')).toEqual(['piscine-tamaris.md']);
    });
  });

  describe('when a file is broken', () => {
    it('reports it with its reason, ingests the others and keeps its previous version', async () => {
      await writeFile(join(corpus, 'piscine.md'), PISCINE);
      await copyFile(PDF_FIXTURE, join(corpus, 'guide.pdf'));
      await run();
      await writeFile(join(corpus, 'guide.pdf'), '%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage');
      await writeFile(join(corpus, 'vide.pdf'), '');
      await writeFile(join(corpus, 'jardins.md'), JARDINS);
      const report = await run();
      const byName = Object.fromEntries(report.files.map((f) => [f.source, f]));
      expect(byName['guide.pdf']).toMatchObject({ status: 'failed', keptPrevious: true });
      expect(byName['guide.pdf']!.reason).toMatch(/\S/);
      expect(byName['vide.pdf']).toMatchObject({ status: 'failed', keptPrevious: false });
      expect(byName['jardins.md']!.status).toBe('added');
      expect(report.failed).toBe(2);
      expect(await topSources('qui répare la chaudière')).toContain('guide.pdf');
    });
  });

  describe('when the index was built with another model', () => {
    it('is refused for answering, with a message saying to re-ingest', async () => {
      await writeFile(join(corpus, 'piscine.md'), PISCINE);
      await run();
      const other: Embedder = { ...embedder, spec: { ...embedder.spec, modelId: 'un-autre-modele' } };
      await expect(loadSearchable(indexDir, other)).rejects.toThrow(/npm run ingest -- --full/);
    });
  });

  describe('when a run stops halfway', () => {
    it('leaves the previous index complete and loadable', async () => {
      await writeFile(join(corpus, 'piscine.md'), PISCINE);
      await run();
      await writeFile(join(corpus, 'jardins.md'), JARDINS);
      const crash = ingest({
        corpusDir: corpus,
        indexDir,
        modelId: 'citadoc-ngram-fr',
        loadEmbedder: async () => embedder,
        onEvent: (event) => {
          if (event.type === 'embed') throw new Error('arrêt simulé');
        },
      });
      await expect(crash).rejects.toThrow('arrêt simulé');
      const index = await loadIndex(indexDir);
      expect(index.manifest.documents.map((d) => d.source)).toEqual(['piscine.md']);
      expect(await topSources('horaires de la piscine')).toContain('piscine.md');
      const report = await run();
      expect(report.files.find((f) => f.source === 'jardins.md')?.status).toBe('added');
      expect((await readdir(indexDir)).filter((n) => n.startsWith('tmp-'))).toEqual([]);
    });
  });
});
