/**
 * Updates in place (issue 14, point 3): a version lists segments, and an update writes only the
 * segment of what it adds, links the others' files, lists what it removes as deleted, and compacts
 * segments once deletions weigh. A killed update leaves the previous version live.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder, killedIngest } from '../../tests/fixtures/ingest-runs.ts';
import { PISCINE } from '../../tests/fixtures/small-documents.ts';
import { loadSearchable } from '../assistant/index.ts';
import { extractCommitments } from '../commitments/index.ts';
import { loadEmbedder } from '../embedding/index.ts';
import type { Embedder } from '../embedding/types.ts';
import {
  loadIndex,
  loadManifest,
  readCurrentVersion,
  readDerivedFile,
  segmentFiles,
} from '../index/store.ts';
import { retrieve } from '../retrieval/hybrid.ts';
import { commitmentSources } from './derived.ts';

let embedder: Embedder;
let work: string;
let corpus: string;
let indexDir: string;

beforeAll(async () => {
  embedder = await loadEmbedder({ model: 'citadoc-ngram-fr', modelsDir: 'models' });
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-update-'));
  corpus = join(work, 'corpus');
  indexDir = join(work, 'index');
  await cp('corpus', corpus, { recursive: true });
  await run();
});

afterEach(() => rm(work, { recursive: true, force: true }));

function run() {
  return ingestFolder(corpus, indexDir, embedder);
}

/** Every file of the live version, with its inode: a linked file keeps the one it had. */
async function liveFiles(): Promise<Map<string, number>> {
  const dir = join(indexDir, (await readCurrentVersion(indexDir))!);
  const names = await readdir(dir);
  return new Map(await Promise.all(names.map(async (n) => [n, (await stat(join(dir, n))).ino] as const)));
}

async function sourcesFor(query: string): Promise<string[]> {
  const searchable = await loadSearchable(indexDir, embedder);
  return (await retrieve(searchable, query, { k: 5 })).map((p) => p.doc.source);
}

describe('ingest on an index already built', () => {
  describe('when nothing changed', () => {
    it('writes nothing: same version, same files', async () => {
      const before = await liveFiles();
      const version = await readCurrentVersion(indexDir);
      const report = await run();
      expect(report.version).toBe(version);
      expect(await readdir(indexDir)).toEqual(expect.arrayContaining(['CURRENT', version]));
      expect((await readdir(indexDir)).filter((n) => n.startsWith('v-'))).toEqual([version]);
      expect(await liveFiles()).toEqual(before);
    });
  });

  describe('when one document is added', () => {
    it('writes only its segment and links the others', async () => {
      const before = await liveFiles();
      const { manifest: old } = await loadManifest(indexDir);
      await writeFile(join(corpus, 'piscine.md'), PISCINE);
      await run();
      const after = await liveFiles();
      const { manifest } = await loadManifest(indexDir);
      expect(manifest.segments).toHaveLength(old.segments.length + 1);
      for (const segment of old.segments) {
        for (const file of Object.values(segmentFiles(segment.name)))
          expect(after.get(file)).toBe(before.get(file));
      }
      const added = manifest.segments.at(-1)!;
      expect(added.passages).toBe(manifest.documents.find((d) => d.source === 'piscine.md')!.labels.length);
      const written = [...after.keys()].filter((name) => after.get(name) !== before.get(name)).sort();
      expect(written).toEqual(
        [
          'commitments-by-document.json',
          'commitments.json',
          'manifest.json',
          ...Object.values(segmentFiles(added.name)),
        ].sort(),
      );
      expect(await sourcesFor('horaires de la piscine Alès-Tamaris')).toContain('piscine.md');
    });
  });

  describe('when a document is removed', () => {
    it('is found in no answer, and its passages are listed as deleted from their segment', async () => {
      await writeFile(join(corpus, 'piscine.md'), PISCINE);
      await run();
      await rm(join(corpus, 'piscine.md'));
      await run();
      expect(await sourcesFor('horaires de la piscine Alès-Tamaris')).not.toContain('piscine.md');
      const index = await loadIndex(indexDir);
      expect(index.manifest.documents.map((d) => d.source)).not.toContain('piscine.md');
      expect(index.chunks.size).toBe(index.lexical.size);
      expect(index.dense.size).toBe(index.chunks.size);
    });
  });

  describe('when deletions pass a quarter of a segment', () => {
    it('rewrites it without them: the graph file shrinks', async () => {
      const graphSize = async () => {
        const { manifest, dir } = await loadManifest(indexDir);
        const sizes = await Promise.all(
          manifest.segments.map(async (s) => (await stat(join(dir, segmentFiles(s.name).dense))).size),
        );
        return sizes.reduce((a, b) => a + b, 0);
      };
      const before = await graphSize();
      const { manifest } = await loadManifest(indexDir);
      const passages = manifest.documents.reduce((n, d) => n + d.labels.length, 0);
      // The largest documents first, until more than a quarter of the passages are gone.
      const byLength = [...manifest.documents].sort((a, b) => b.labels.length - a.labels.length);
      let removed = 0;
      for (const doc of byLength) {
        if (removed > passages / 4) break;
        await rm(join(corpus, doc.source));
        removed += doc.labels.length;
      }
      await run();
      const after = await loadManifest(indexDir);
      expect(after.manifest.segments.every((s) => s.deleted.length === 0)).toBe(true);
      expect(await graphSize()).toBeLessThan(before);
      const index = await loadIndex(indexDir);
      expect(index.dense.size).toBe(passages - removed);
      expect(index.chunks.size).toBe(passages - removed);
    });
  });

  describe('when the corpus is larger than a segment', () => {
    it('writes segments of at most that many passages, and retrieves as from one', async () => {
      const queries = ['quartiers prioritaires de La Grand-Combe', 'réparations locatives', 'NPNRU Alès'];
      const before = await Promise.all(queries.map(sourcesFor));
      await ingestFolder(corpus, indexDir, embedder, { full: true, segmentPassages: 40 });
      const { manifest } = await loadManifest(indexDir);
      expect(manifest.segments.length).toBeGreaterThan(2);
      for (const segment of manifest.segments) {
        const documents = manifest.documents.filter((d) => d.segment === segment.name);
        // Whole documents: only a document longer than the limit makes a longer segment.
        expect(segment.passages <= 40 || documents.length === 1).toBe(true);
      }
      expect(await Promise.all(queries.map(sourcesFor))).toEqual(before);
    });
  });

  describe('after updates', () => {
    it('stores the commitments a full extraction of every passage gives', async () => {
      const contrat = 'ales-fr_politique-de-la-ville_contrat-de-ville.md';
      const text = await readFile(join(corpus, contrat), 'utf8');
      await writeFile(
        join(corpus, contrat),
        `${text}\n\nL'État débloque 3 millions d'euros pour le quartier des Cévennes.\n`,
      );
      await writeFile(join(corpus, 'piscine.md'), PISCINE);
      await run();
      const index = await loadIndex(indexDir);
      const documents = new Map(index.manifest.documents.map((d) => [d.id, d]));
      const chunks = [...index.chunks.values()].sort((a, b) => a.label - b.label);
      const all = chunks.flatMap((chunk) => commitmentSources(documents.get(chunk.docId)!, [chunk]));
      const stored = await readDerivedFile(indexDir, index.version!, 'commitments');
      expect(stored).toEqual(extractCommitments(all));
      expect((stored as unknown[]).length).toBeGreaterThan(0);
    });
  });
});

describe('an update killed at any moment', () => {
  it.each([500, 1000, 1500, 2200])(
    'leaves a version live that loads whole (killed after %i ms)',
    async (ms) => {
      const previous = await readCurrentVersion(indexDir);
      await writeFile(join(corpus, 'piscine.md'), PISCINE);
      await killedIngest(['--corpus', corpus, '--index', indexDir], ms);
      const live = await readCurrentVersion(indexDir);
      const index = await loadIndex(indexDir);
      const sources = index.manifest.documents.map((d) => d.source);
      // Either the previous version, untouched, or the update's, complete.
      expect(live === previous ? !sources.includes('piscine.md') : sources.includes('piscine.md')).toBe(true);
      expect(index.chunks.size).toBe(index.lexical.size);
      expect(index.dense.size).toBe(index.chunks.size);
      expect([...index.chunks.values()].length).toBe(index.chunks.size);
    },
  );
});
