/**
 * One copy of the index for all answer threads (./pool.ts): the first thread to load a version
 * shares its lexical index's arrays with the others, and from two answer threads the graphs are
 * searched in the graph thread (./graph-thread.ts). Answers, searches and filters must not change
 * with the number of threads; the graph thread follows reindexes and is replaced when it dies.
 * Starts real threads (several seconds).
 */
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CONTRAT,
  PISCINE,
  QUARTIERS,
  RENOVATION_2021,
  RENOVATION_2024,
  rivebelleAssistant,
} from '../../tests/fixtures/rivebelle.ts';
import { type Embedder, loadEmbedder } from '../embedding/index.ts';
import { liveVersion } from '../index/store.ts';
import { ingest } from '../ingest/pipeline.ts';
import { type AnswerPool, openPooledAssistant, startAnswerPool } from './pool.ts';
import type { AssistantOptions, AssistantService, SearchOptions } from './types.ts';

const QUESTIONS = [
  'Quand le Contrat de ville a-t-il été signé ?',
  'Quels sont les quartiers prioritaires de Rivebelle ?',
  'Combien de logements seront rénovés ?',
  'Où acheter un billet de train ?',
];
const QUERY = 'rénovation des logements du quartier';

let root: string;
let options: AssistantOptions;
let embedder: Embedder;

beforeAll(async () => {
  ({ root, options } = await rivebelleAssistant('citadoc-shared-', {
    'contrat.md': CONTRAT,
    'quartiers.md': QUARTIERS,
    'renovation-2021.md': RENOVATION_2021,
    'renovation-2024.md': RENOVATION_2024,
  }));
  embedder = await loadEmbedder({ model: options.embeddingModel, modelsDir: options.modelsDir });
  await ingestCorpus();
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function ingestCorpus(): Promise<void> {
  await ingest({
    corpusDir: options.corpusDir,
    indexDir: options.indexDir,
    modelId: options.embeddingModel,
    loadEmbedder: async () => embedder,
  });
}

describe('answer threads sharing one index', () => {
  let one: AssistantService;
  let three: AssistantService;

  beforeAll(async () => {
    one = await openPooledAssistant(options, 1);
    three = await openPooledAssistant(options, 3);
  });
  afterAll(async () => {
    await three?.close();
    await one?.close();
  });

  it('answers with three threads and a graph thread as with one thread holding everything', async () => {
    const expected = await Promise.all(QUESTIONS.map((q) => one.ask(q, [])));
    expect(expected.some((answer) => answer.citations.length > 0)).toBe(true);
    expect(await Promise.all(QUESTIONS.map((q) => three.ask(q, [])))).toEqual(expected);
  });

  it('applies the document, kind and year filters in the graph thread as in the thread itself', async () => {
    const renovation = one.documents().find((d) => d.source === 'renovation-2021.md')!;
    const filters: Omit<SearchOptions, 'k'>[] = [
      {},
      { year: '2021' },
      { year: '2024' },
      { document: renovation.id },
      { kind: 'web' },
      { kind: 'pdf' },
    ];
    for (const filter of filters) {
      const expected = await one.search(QUERY, { k: 5, ...filter });
      expect(await three.search(QUERY, { k: 5, ...filter }), JSON.stringify(filter)).toEqual(expected);
    }
    const in2021 = await three.search(QUERY, { k: 5, year: '2021' });
    expect(in2021.length).toBeGreaterThan(0);
    expect(in2021.every((hit) => hit.source === 'renovation-2021.md')).toBe(true);
    expect(await three.search(QUERY, { k: 5, kind: 'pdf' })).toEqual([]);
  });
});

describe('startAnswerPool with a graph thread', () => {
  let pool: AnswerPool;

  beforeAll(async () => {
    pool = await startAnswerPool({ size: 2, embedder, indexDir: options.indexDir, contact: options.contact });
  });
  afterAll(() => pool?.close());

  const askAll = () => Promise.all(QUESTIONS.map((q) => pool.ask(q, [])));

  it('gives a replaced answer thread the lexical index the first one loaded: no posting list is read again', async () => {
    const expected = await askAll();
    const dir = join(options.indexDir, await liveVersion(options.indexDir));
    const lexicalFiles = (await readdir(dir)).filter((name) => name.endsWith('.lexical'));
    expect(lexicalFiles.length).toBeGreaterThan(0);
    // Gone from disk: a thread that read them would fail to load.
    for (const name of lexicalFiles) await rename(join(dir, name), join(dir, `${name}.away`));
    try {
      const replaced = pool.threads().map((w) => w.threadId);
      await Promise.all(pool.threads().map((w) => w.terminate()));
      await vi.waitFor(() => expect(pool.threads().some((w) => replaced.includes(w.threadId))).toBe(false));
      expect(await askAll()).toEqual(expected);
    } finally {
      for (const name of lexicalFiles) await rename(join(dir, `${name}.away`), join(dir, name));
    }
  });

  it('replaces a graph thread that dies: only the searches it held fail, cleanly', async () => {
    const expected = await askAll();
    const graphs = pool.graphThread()!;
    const asked = QUESTIONS.map((q) => pool.ask(q, []));
    await graphs.terminate();
    for (const settled of await Promise.allSettled(asked)) {
      if (settled.status === 'rejected') expect(String(settled.reason)).toMatch(/fil des graphes/);
    }
    await vi.waitFor(() => expect(pool.graphThread()?.threadId).not.toBe(graphs.threadId));
    // Asked before the replacement is ready, they wait for it.
    expect(await askAll()).toEqual(expected);
  });

  it('lets the questions in flight during a reload finish on the graphs of their version', async () => {
    const folder = await liveVersion(options.indexDir);
    for (let round = 0; round < 3; round++) {
      const asked = Array.from({ length: 24 }, (_, i) => pool.ask(QUESTIONS[i % QUESTIONS.length]!, []));
      await pool.reload(folder);
      await expect(Promise.all(asked)).resolves.toHaveLength(asked.length);
    }
  });

  it('loads a reindexed version in the graph thread, then answers from it', async () => {
    const question = 'Quels sont les horaires de la piscine municipale ?';
    const cites = async () => (await pool.ask(question, [])).citations.some((c) => c.source === 'piscine.md');
    expect(await cites()).toBe(false);
    await writeFile(join(options.corpusDir, 'piscine.md'), PISCINE);
    await ingestCorpus();
    await pool.reload();
    // Each question names the new version: the graph thread must hold it, or the question fails.
    for (const hits of await Promise.all(
      [1, 2, 3, 4].map(() => pool.search('piscine municipale', { k: 3 })),
    )) {
      expect(hits[0]?.source).toBe('piscine.md');
    }
    expect(await cites()).toBe(true);
  });
});
