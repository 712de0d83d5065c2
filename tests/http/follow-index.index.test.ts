/**
 * `npm run ingest` beside a running service, as an operator does it: the real server (real
 * assistant, one answer thread) over a small corpus, the ingest command line run as a process with a
 * new document, and questions over HTTP until the new document is cited, without `POST /admin/reindex`.
 * Named `.index.` because it ingests and loads real indexes (several seconds).
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../src/answer/types.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { askOverHttp, reindexOverHttp } from '../fixtures/over-http.ts';
import { CONTRAT, PISCINE, QUARTIERS, rivebelleAssistant } from '../fixtures/rivebelle.ts';

const QUESTION = 'Quels sont les horaires de la piscine municipale ?';
const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
/** What the brief promises operators: the new document is served within a few seconds. */
const FOLLOW_DEADLINE_MS = 10_000;
const LOAD_TIMEOUT_MS = 120_000;

let root: string;
let corpusDir: string;
let indexDir: string;
let server: RunningServer;
const logs: { level: number; msg: string; version?: string }[] = [];

const ask = (question: string) => askOverHttp(server.url, question);

const citesPiscine = (answer: Answer) => answer.citations.some((c) => c.source === 'piscine.md');

/** `npm run ingest -- --corpus … --index …`, as a process of its own; resolves with its exit code. */
function runIngestCli(): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/ingest.ts', '--corpus', corpusDir, '--index', indexDir],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    child.on('error', reject);
    child.on('exit', resolve);
  });
}

beforeAll(async () => {
  const made = await rivebelleAssistant('citadoc-follow-', {
    'contrat.md': CONTRAT,
    'quartiers.md': QUARTIERS,
  });
  root = made.root;
  corpusDir = made.options.corpusDir;
  const dataDir = join(root, 'data');
  indexDir = join(dataDir, 'index');
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  server = await startServer(
    { port: 0, corpusDir, dataDir, modelsDir: 'models', rateLimitPerMinute: 0, adminToken: ADMIN_TOKEN },
    { logger },
  );
  await server.loaded;
}, LOAD_TIMEOUT_MS);
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

const followed = () => logs.filter((l) => l.msg.includes('écrite par une autre commande'));

describe('the service beside npm run ingest', () => {
  describe('when the command line ingests a new document', () => {
    it('answers from it within seconds, with no reindex call', async () => {
      expect(citesPiscine(await ask(QUESTION))).toBe(false);

      await writeFile(join(corpusDir, 'piscine.md'), PISCINE);
      expect(await runIngestCli()).toBe(0);
      const ingested = performance.now();

      await vi.waitFor(async () => expect(citesPiscine(await ask(QUESTION))).toBe(true), {
        timeout: FOLLOW_DEADLINE_MS,
        interval: 250,
      });
      expect(performance.now() - ingested).toBeLessThan(FOLLOW_DEADLINE_MS);
      const { documents } = await (await fetch(`${server.url}/api/documents`)).json();
      expect(documents.map((d: { source: string }) => d.source)).toContain('piscine.md');
      expect(followed()).toHaveLength(1);
    });
  });

  describe('when CURRENT names a half-written version', () => {
    it('keeps serving the previous index and logs the reason in French', async () => {
      const good = (await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim();
      const broken = 'v-20991231T000000-abcdef';
      await mkdir(join(indexDir, broken));
      await writeFile(join(indexDir, broken, 'chunks.json'), '[{"label": 0, "te');
      const pointer = join(indexDir, 'CURRENT.test.tmp');
      await writeFile(pointer, `${broken}\n`);
      await rename(pointer, join(indexDir, 'CURRENT'));
      try {
        await vi.waitFor(() => expect(logs.some((l) => l.level >= 50 && l.version === broken)).toBe(true), {
          timeout: FOLLOW_DEADLINE_MS,
          interval: 100,
        });
        const error = logs.find((l) => l.version === broken)!;
        expect(error.msg).toBe(
          "la nouvelle version de l'index n'a pas pu être chargée : l'index précédent reste en service",
        );
        expect((await fetch(`${server.url}/ready`)).status).toBe(200);
        expect(citesPiscine(await ask(QUESTION))).toBe(true);
      } finally {
        await writeFile(pointer, `${good}\n`);
        await rename(pointer, join(indexDir, 'CURRENT'));
        await rm(join(indexDir, broken), { recursive: true, force: true });
      }
    });
  });

  describe('when the service reindexes itself', () => {
    it('serves the new version once, without following its own switch', async () => {
      const before = followed().length;
      const version = await readFile(join(indexDir, 'CURRENT'), 'utf8');
      // A changed file, so the reindex writes a new version that the follower could mistake.
      await writeFile(
        join(corpusDir, 'quartiers.md'),
        `${QUARTIERS}\nLe centre ancien compte 3 200 habitants.\n`,
      );
      const { report } = await reindexOverHttp(server.url, ADMIN_TOKEN);
      expect(report.changed).toBe(1);
      // Past a poll and a debounce: a follower that took the reindex for a foreign one would have logged.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await readFile(join(indexDir, 'CURRENT'), 'utf8')).not.toBe(version);
      expect(followed()).toHaveLength(before);
      expect(citesPiscine(await ask(QUESTION))).toBe(true);
    });
  });
});
