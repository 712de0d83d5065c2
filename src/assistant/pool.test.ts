/**
 * Answers on worker threads over a small real corpus, ingested with the project's own embedding
 * model: the same answers as the main thread, a reindex reaching every worker, a worker killed and
 * replaced. Starts real threads (a few seconds).
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTRAT, PISCINE, QUARTIERS, rivebelleAssistant } from '../../tests/fixtures/rivebelle.ts';
import type { Answer } from '../answer/types.ts';
import { loadEmbedder } from '../embedding/index.ts';
import { type EntryPoints, SOURCE_ENTRY_POINTS } from '../entry-points.ts';
import { ingest } from '../ingest/pipeline.ts';
import { openAssistant } from './index.ts';
import {
  type AnswerPool,
  AnswerWorkerExit,
  leastBusy,
  openPooledAssistant,
  startAnswerPool,
} from './pool.ts';
import type { AssistantOptions, AssistantService } from './types.ts';

const QUESTIONS = [
  'Quand le Contrat de ville a-t-il été signé ?',
  'Quels sont les quartiers prioritaires de Rivebelle ?',
  'Combien d’habitants vivent dans les quartiers prioritaires ?',
  'Bonjour',
  'Où acheter un billet de train ?',
];
const POOL_QUESTION = 'Quels sont les horaires de la piscine municipale ?';
const WORKERS = 2;

let root: string;
let options: AssistantOptions;

beforeAll(async () => {
  ({ root, options } = await rivebelleAssistant('citadoc-pool-', {
    'contrat.md': CONTRAT,
    'quartiers.md': QUARTIERS,
  }));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const cites = (answer: Answer, source: string) => answer.citations.some((c) => c.source === source);

describe('openPooledAssistant', () => {
  let single: AssistantService;
  let pooled: AssistantService;

  beforeAll(async () => {
    single = await openAssistant(options);
    pooled = await openPooledAssistant(options, WORKERS);
  });
  afterAll(async () => {
    await pooled?.close();
    await single?.close();
  });

  it('answers as the main thread does', async () => {
    const expected = await Promise.all(QUESTIONS.map((q) => single.ask(q, [])));
    const actual = await Promise.all(QUESTIONS.map((q) => pooled.ask(q, [])));
    expect(actual).toEqual(expected);
    expect(actual.some((answer) => !answer.declined && answer.citations.length > 0)).toBe(true);
  });

  it('searches on the answer threads as the main thread does', async () => {
    const query = 'quartiers prioritaires habitants';
    const expected = await single.search(query, { k: 5 });
    expect(expected.length).toBeGreaterThan(0);
    expect(await pooled.search(query, { k: 5 })).toEqual(expected);
  });

  it('answers follow-ups with their history as the main thread does', async () => {
    const history = [{ question: 'Quels sont les quartiers prioritaires de Rivebelle ?' }];
    const question = 'Combien d’habitants y vivent ?';
    expect(await pooled.ask(question, history)).toEqual(await single.ask(question, history));
  });

  describe('after a reindex', () => {
    it('answers from the new index on every worker', async () => {
      const before = await pooled.ask(POOL_QUESTION, []);
      expect(cites(before, 'piscine.md')).toBe(false);

      await writeFile(join(options.corpusDir, 'piscine.md'), PISCINE);
      const report = await pooled.reindex();
      expect(report.added).toBe(1);

      // Asked at once, the questions spread over every worker (each goes to the least busy one).
      const answers = await Promise.all(
        Array.from({ length: WORKERS * 3 }, () => pooled.ask(POOL_QUESTION, [])),
      );
      for (const answer of answers) expect(cites(answer, 'piscine.md')).toBe(true);
      // Search is the workers', documents the main thread's: both reindexed.
      expect(pooled.documents().map((d) => d.source)).toContain('piscine.md');
      const hits = await pooled.search('piscine municipale', { k: 3 });
      expect(hits[0]?.source).toBe('piscine.md');
    });

    it('that changed nothing, keeps serving the same version and its cached answers', async () => {
      const cached = await openPooledAssistant({ ...options, answerCacheSize: 10 }, 1);
      try {
        const first = await cached.ask(POOL_QUESTION, []);
        const report = await cached.reindex();
        expect(report.added + report.changed + report.removed).toBe(0);
        // The same object: from the cache that loading a version would have emptied.
        expect(await cached.ask(POOL_QUESTION, [])).toBe(first);
      } finally {
        await cached.close();
      }
    });
  });
});

describe('startAnswerPool', () => {
  let pool: AnswerPool;

  beforeAll(async () => {
    const embedder = await loadEmbedder({
      model: options.embeddingModel,
      modelsDir: options.modelsDir,
      allowRemoteModels: false,
    });
    pool = await startAnswerPool({
      size: WORKERS,
      embedder,
      indexDir: options.indexDir,
      contact: options.contact,
    });
  });
  afterAll(() => pool?.close());

  describe('when a worker is killed', () => {
    it('fails only its questions, replaces it and keeps answering', async () => {
      const [victim, survivor] = pool.threads();
      const victimId = victim!.threadId;
      // Four questions at once: two go to each worker.
      const asked = QUESTIONS.slice(0, 4).map((q) => pool.ask(q, []));
      await victim!.terminate();
      const settled = await Promise.allSettled(asked);
      const failed = settled.filter((s) => s.status === 'rejected');
      expect(failed.length).toBeLessThan(asked.length);
      for (const f of failed) expect((f as PromiseRejectedResult).reason).toBeInstanceOf(AnswerWorkerExit);

      const answers = await Promise.all(QUESTIONS.map((q) => pool.ask(q, [])));
      expect(answers.every((answer) => answer.answer.length > 0)).toBe(true);

      // Once replaced, the other one may go too: the replacement answers alone.
      await vi.waitFor(() => expect(pool.threads()[0]!.threadId).not.toBe(victimId));
      await survivor!.terminate();
      const again = await pool.ask(QUESTIONS[0]!, []);
      expect(again).toEqual(answers[0]);
    });
  });

  describe('when a worker is replaced after an ingestion but before the reload', () => {
    it('serves the version the others serve, then the new one once reloaded', async () => {
      const piscine = 'piscine.md';
      expect(cites(await pool.ask(POOL_QUESTION, []), piscine)).toBe(true);
      // An ingestion switches the live folder on disk; the pool has not reloaded yet.
      await rm(join(options.corpusDir, 'piscine.md'));
      const embedder = await loadEmbedder({ model: options.embeddingModel, modelsDir: 'models' });
      await ingest({
        corpusDir: options.corpusDir,
        indexDir: options.indexDir,
        modelId: options.embeddingModel,
        loadEmbedder: async () => embedder,
      });
      const replaced = pool.threads().map((w) => w.threadId);
      await Promise.all(pool.threads().map((w) => w.terminate()));
      await vi.waitFor(() => expect(pool.threads().some((w) => replaced.includes(w.threadId))).toBe(false));

      const during = await Promise.all(
        Array.from({ length: WORKERS * 2 }, () => pool.ask(POOL_QUESTION, [])),
      );
      for (const answer of during) expect(cites(answer, piscine)).toBe(true);

      await pool.reload();
      const after = await Promise.all(Array.from({ length: WORKERS * 2 }, () => pool.ask(POOL_QUESTION, [])));
      for (const answer of after) expect(cites(answer, piscine)).toBe(false);
    });
  });
});

describe('startAnswerPool from the sources, under tsx (where the threads cannot be compiled)', () => {
  it('answers as the compiled threads do, with its graph thread', async () => {
    const embedder = await loadEmbedder({
      model: options.embeddingModel,
      modelsDir: options.modelsDir,
      allowRemoteModels: false,
    });
    const start = (entryPoints?: EntryPoints) =>
      startAnswerPool({
        size: WORKERS,
        embedder,
        indexDir: options.indexDir,
        contact: options.contact,
        entryPoints,
      });
    const [fromSources, compiled] = await Promise.all([start(SOURCE_ENTRY_POINTS), start()]);
    try {
      expect(fromSources.graphThread()).toBeDefined();
      const ask = (pool: AnswerPool) => Promise.all(QUESTIONS.map((q) => pool.ask(q, [])));
      expect(await ask(fromSources)).toEqual(await ask(compiled));
    } finally {
      await Promise.all([fromSources.close(), compiled.close()]);
    }
  });
});

describe('leastBusy', () => {
  const thread = (name: string, pending: number, reading = 0, isReady = true) => ({
    name,
    isReady,
    pending: { size: pending },
    reading,
  });

  it('sends a question to the thread with the fewest in its queue, the first on a tie', () => {
    expect(leastBusy([thread('a', 2), thread('b', 1), thread('c', 1)])?.name).toBe('b');
  });

  it('sends it past a thread reading a version to one answering a question', () => {
    // The reading thread's queue holds its load only; the other is answering one question.
    expect(leastBusy([thread('reads', 1, 1), thread('answers', 1)])?.name).toBe('answers');
  });

  it('sends it to the reading thread when the others are further behind', () => {
    expect(leastBusy([thread('reads', 1, 1), thread('answers', 3)])?.name).toBe('reads');
  });

  it('never to a thread that is not ready', () => {
    expect(leastBusy([thread('down', 0, 0, false), thread('up', 4)])?.name).toBe('up');
    expect(leastBusy([thread('down', 0, 0, false)])).toBeUndefined();
  });
});
