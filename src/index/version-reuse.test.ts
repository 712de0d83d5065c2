/**
 * Versions that keep a segment search the graph already held for the one before, each leaving out
 * its own deleted passages, with the hits hnswlib's own deletion gives; and their lexical index is
 * made from the one before (./lexical-versions.ts), with the hits of a whole load.
 */
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTRAT, PISCINE, QUARTIERS } from '../../tests/fixtures/rivebelle.ts';
import { loadEmbedder } from '../embedding/index.ts';
import type { Embedder } from '../embedding/types.ts';
import { ingest } from '../ingest/pipeline.ts';
import { DEFAULT_DENSE_PARAMS, DenseIndex } from './dense.ts';
import { FileCache } from './graph-cache.ts';
import type { LexicalIndex } from './lexical.ts';
import { readLexicalLines } from './lexical-data.ts';
import { type LexicalSegment, LexicalVersions } from './lexical-versions.ts';
import type { IndexedDocument } from './manifest.ts';
import {
  chunkFiles,
  liveVersion,
  loadGraphs,
  loadIndex,
  loadManifest,
  segmentFiles,
  segmentGraphs,
} from './store.ts';

let embedder: Embedder;
let work: string;
let corpusDir: string;
let indexDir: string;

async function version(): Promise<string> {
  await ingest({ corpusDir, indexDir, modelId: 'citadoc-ngram-fr', loadEmbedder: async () => embedder });
  return liveVersion(indexDir);
}

beforeAll(async () => {
  embedder = await loadEmbedder({ model: 'citadoc-ngram-fr', modelsDir: 'models' });
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-graphs-'));
  corpusDir = join(work, 'corpus');
  indexDir = join(work, 'index');
  await mkdir(corpusDir);
  await writeFile(join(corpusDir, 'contrat.md'), CONTRAT);
  await writeFile(join(corpusDir, 'quartiers.md'), QUARTIERS);
  // Enough passages besides that one document's deletion stays under compaction's quarter.
  for (const [n, topic] of TOPICS.entries()) {
    await writeFile(
      join(corpusDir, `fiche-${n}.md`),
      `# Fiche ${n}\n\nLa ville finance ${topic} dans les quartiers prioritaires.\n`,
    );
  }
});

const TOPICS = [
  'les cours de soutien scolaire',
  "l'aide aux devoirs",
  'les jardins partagés',
  'la rénovation des halls',
  'les permanences juridiques',
  "l'accès au numérique",
  'les chantiers éducatifs',
  'le sport au pied des immeubles',
  "l'insertion des jeunes",
  'la médiation de nuit',
  'les vacances apprenantes',
  'les ateliers de français',
];

afterEach(() => rm(work, { recursive: true, force: true }));

describe('the graphs of two versions', () => {
  it('are read once for a segment both keep: only the new segment is read for the next version', async () => {
    const first = await version();
    await writeFile(join(corpusDir, 'piscine.md'), PISCINE);
    const second = await version();
    const reads = segmentGraphs.reads;
    const before = await loadGraphs(indexDir, first);
    expect(segmentGraphs.reads - reads).toBe(1);
    const after = await loadGraphs(indexDir, second);
    expect(after.parts).toHaveLength(2);
    expect(segmentGraphs.reads - reads).toBe(2);
    expect(after.parts[0]!.graph).toBe(before.parts[0]!.graph);
    expect(after.parts[1]!.graph).not.toBe(before.parts[0]!.graph);
  });

  it('leave out each its own deleted passages from one shared graph', async () => {
    const first = await version();
    await unlink(join(corpusDir, 'fiche-3.md'));
    const second = await version();
    const before = await loadGraphs(indexDir, first);
    const after = await loadGraphs(indexDir, second);
    const [kept] = after.parts;
    expect(kept!.graph).toBe(before.parts[0]!.graph);
    expect(kept!.deleted.size).toBeGreaterThan(0);
    const gone = [...kept!.deleted][0]!;
    const vector = kept!.vector(gone);
    expect(before.search(vector, 1)[0]!.label).toBe(gone);
    const hits = after.search(vector, 50);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.label)).not.toContain(gone);
    expect(after.size).toBe(before.size - kept!.deleted.size);
  });

  it('give the hits hnswlib gives with the same passages marked deleted', async () => {
    const first = await version();
    await unlink(join(corpusDir, 'fiche-5.md'));
    const second = await version();
    const shared = (await loadGraphs(indexDir, first)).parts[0]!.graph;
    const view = (await loadGraphs(indexDir, second)).parts[0]!;
    expect(view.graph).toBe(shared);
    expect(view.deleted.size).toBeGreaterThan(0);
    const file = join(indexDir, second, segmentFiles((await loadManifestSegments(second))[0]!).dense);
    const marked = DenseIndex.load(file, view.graph.dimensions, view.graph.params, view.deleted);
    for (const label of view.graph.liveLabels()) {
      const vector = view.vector(label);
      expect(view.search(vector, 5)).toEqual(marked.search(vector, 5));
      expect(view.search(vector, 3, (l) => l % 2 === 0)).toEqual(
        marked.search(vector, 3, (l) => l % 2 === 0),
      );
    }
  });
});

describe('the passage files of two versions', () => {
  it('are opened once for a segment both keep, each version leaving out its own deleted passages', async () => {
    const first = await version();
    await unlink(join(corpusDir, 'fiche-3.md'));
    await writeFile(join(corpusDir, 'piscine.md'), PISCINE);
    const second = await version();
    const reads = chunkFiles.reads;
    const before = await loadIndex(indexDir, first);
    expect(chunkFiles.reads - reads).toBe(1);
    const after = await loadIndex(indexDir, second);
    expect(chunkFiles.reads - reads).toBe(2);
    const gone = [...before.chunks.values()].filter((c) => !after.chunks.has(c.label));
    const added = [...after.chunks.values()].filter((c) => !before.chunks.has(c.label));
    expect(new Set(gone.map((c) => c.docId))).toEqual(new Set(['fiche-3']));
    expect(new Set(added.map((c) => c.docId))).toEqual(new Set(['piscine']));
    expect(after.chunks.size).toBe(before.chunks.size - gone.length + added.length);
    // The kept segment's passages read the same through either version.
    const kept = [...before.chunks.keys()].find((label) => after.chunks.has(label))!;
    expect(after.chunks.get(kept)).toEqual(before.chunks.get(kept));
  });
});

describe('the lexical index of successive versions', () => {
  /** The version's segments and documents, as `loadIndex` hands them to `LexicalVersions`. */
  async function segmentsOf(folder: string): Promise<[LexicalSegment[], IndexedDocument[]]> {
    const { manifest } = await loadManifest(indexDir, folder);
    const segments = manifest.segments.map((segment) => {
      const file = join(indexDir, folder, segmentFiles(segment.name).lexical);
      return { file, segment, read: async () => readLexicalLines(await readFile(file)) };
    });
    return [segments, manifest.documents];
  }

  const QUESTIONS = [
    'piscine municipale',
    'soutien scolaire',
    'jardins partages',
    'mediation de nuit',
    'pisine',
  ];

  async function expectWholeLoad(index: LexicalIndex, folder: string): Promise<void> {
    const { index: whole } = await new LexicalVersions().load(...(await segmentsOf(folder)));
    expect(index.size).toBe(whole.size);
    for (const question of QUESTIONS)
      expect(index.search(question, { k: 100 }), question).toEqual(whole.search(question, { k: 100 }));
    expect(canonical(index)).toEqual(canonical(whole));
  }

  /**
   * The saved form with terms in alphabetical order: a version made from one that dropped a segment
   * numbers a term where that segment first had it, a whole load where a kept one does.
   */
  function canonical(index: LexicalIndex) {
    const { terms, postings, forms, formTerms, ...rest } = index.toJSON();
    return {
      ...rest,
      postings: Object.fromEntries(terms.map((term, n) => [term, postings[n]]).sort()),
      forms: Object.fromEntries(forms.map((form, n) => [form, terms[formTerms[n]!]]).sort()),
    };
  }

  it('is made from the one before when a version adds, changes or removes documents', async () => {
    const versions = new LexicalVersions();
    let { index, made } = await versions.load(...(await segmentsOf(await version())));
    expect(made).toBe('read');
    const fiche4 = (text: string) => writeFile(join(corpusDir, 'fiche-4.md'), `# Fiche 4\n\n${text}\n`);
    const updates = [
      () => writeFile(join(corpusDir, 'piscine.md'), PISCINE),
      () => unlink(join(corpusDir, 'fiche-3.md')),
      () => fiche4('La piscine ouvre ses bassins aux écoles.'),
      // Changed again: the segment of its first change holds nothing any more and is dropped.
      () => fiche4('La ludothèque prête des jeux aux familles du quartier.'),
      () => writeFile(join(corpusDir, 'piscine.md'), `${PISCINE}\n\nFermée le lundi.\n`),
    ];
    const dropped: string[] = [];
    let before = (await segmentsOf(await liveVersion(indexDir)))[0].map((s) => s.segment.name);
    for (const update of updates) {
      await update();
      const folder = await version();
      const [segments, documents] = await segmentsOf(folder);
      const names = segments.map((s) => s.segment.name);
      dropped.push(...before.filter((name) => !names.includes(name)));
      before = names;
      const loaded = await versions.load(segments, documents);
      expect(loaded.made).toBe('extended');
      index = loaded.index;
      await expectWholeLoad(index, folder);
    }
    expect(dropped).toHaveLength(2);
  });

  it('is loaded whole for a version that undoes a deletion (an older one) or whose file was rewritten', async () => {
    const versions = new LexicalVersions();
    const first = await version();
    await unlink(join(corpusDir, 'fiche-3.md'));
    const second = await version();
    expect((await versions.load(...(await segmentsOf(second)))).made).toBe('read');
    const older = await versions.load(...(await segmentsOf(first)));
    expect(older.made).toBe('read');
    await expectWholeLoad(older.index, first);
    const [[segment]] = await segmentsOf(second);
    const bytes = await readFile(segment!.file);
    await rm(segment!.file);
    await writeFile(segment!.file, bytes);
    expect((await versions.load(...(await segmentsOf(second)))).made).toBe('read');
  });

  it('is made from the version a thread adopted from another (shared), not only from one it read', async () => {
    const first = await version();
    const { index: reader } = await new LexicalVersions().load(...(await segmentsOf(first)));
    const versions = new LexicalVersions();
    expect((await versions.load(...(await segmentsOf(first)), await reader.toShared())).made).toBe('shared');
    await writeFile(join(corpusDir, 'piscine.md'), PISCINE);
    const second = await version();
    const next = await versions.load(...(await segmentsOf(second)));
    expect(next.made).toBe('extended');
    await expectWholeLoad(next.index, second);
  });

  it('is what loadIndex serves, one version after the other', async () => {
    await loadIndex(indexDir, await version());
    await writeFile(join(corpusDir, 'piscine.md'), PISCINE);
    const folder = await version();
    const { lexical, lexicalMade } = await loadIndex(indexDir, folder);
    expect(lexicalMade).toBe('extended');
    await expectWholeLoad(lexical, folder);
  });
});

describe('FileCache', () => {
  /** A fresh cache and the live version's first graph, read with no deletion marked. */
  async function firstGraph() {
    const live = await version();
    const [segment] = await loadManifestSegments(live);
    const file = join(indexDir, live, segmentFiles(segment!).dense);
    const { dimensions } = embedder.spec;
    const cache = new FileCache<DenseIndex>();
    const get = () => cache.get(file, () => DenseIndex.loadAsync(file, dimensions, DEFAULT_DENSE_PARAMS, []));
    return { file, cache, get };
  }

  it('reads a file once when two versions ask at the same time', async () => {
    const { cache, get } = await firstGraph();
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(cache.reads).toBe(1);
  });

  it('reads a file again when it was rewritten', async () => {
    const { file, cache, get } = await firstGraph();
    const a = await get();
    // Another file under the same name (what a hard link never is).
    const bytes = await readFile(file);
    await rm(file);
    await writeFile(file, bytes);
    const b = await get();
    expect(b).not.toBe(a);
    expect(cache.reads).toBe(2);
  });
});

async function loadManifestSegments(folder: string): Promise<string[]> {
  return (await loadManifest(indexDir, folder)).manifest.segments.map((s) => s.name);
}
