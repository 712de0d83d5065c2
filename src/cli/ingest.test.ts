/**
 * `npm run ingest`, run as a maintainer or a cron job would: a real process over a small corpus.
 * Binary files saved with a text extension are reported as failed with a French reason and never
 * become passages; a lock held by another ingestion is refused, naming its holder.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRAT } from '../../tests/fixtures/rivebelle.ts';
import { loadIndex } from '../index/store.ts';
import { readIngestLock } from '../ingest/lock.ts';
import type { IngestReport } from '../ingest/pipeline.ts';

const run = promisify(execFile);
const CLI = 'src/cli/ingest.ts';
const require = createRequire(import.meta.url);
/** A real executable: the SQLite native module this project installs. */
const EXECUTABLE = require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
const PDF = 'tests/fixtures/pdf/01_guide-qui-repare-qui-entretient_reparations-locatives.pdf';

let work: string;
let corpusDir: string;
let indexDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-ingest-cli-'));
  corpusDir = join(work, 'corpus');
  indexDir = join(work, 'index');
  await mkdir(corpusDir);
  await writeFile(join(corpusDir, 'contrat.md'), CONTRAT);
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function ingestCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', CLI, '--corpus', corpusDir, '--index', indexDir, ...args],
      { env: { ...process.env, DATA_DIR: work } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run ingest', () => {
  describe('when binary files carry a text extension', () => {
    it('reports each as failed with a French reason, and indexes none of their bytes', async () => {
      const noise = randomBytes(8192);
      for (let i = 0; i < noise.length; i++) if (noise[i] === 0) noise[i] = 1;
      await copyFile(EXECUTABLE, join(corpusDir, 'programme.md'));
      await copyFile(PDF, join(corpusDir, 'guide.md'));
      await writeFile(join(corpusDir, 'octets.md'), randomBytes(8192));
      await writeFile(join(corpusDir, 'bruit.html'), noise);

      const { code, stdout } = await ingestCli('--json');
      const report = JSON.parse(stdout) as IngestReport;
      const status = Object.fromEntries(report.files.map((f) => [f.source, [f.status, f.reason ?? '']]));

      expect(code).toBe(1);
      expect(status).toEqual({
        'contrat.md': ['added', ''],
        'programme.md': ['failed', expect.stringMatching(/programme exécutable/)],
        'guide.md': ['failed', expect.stringMatching(/PDF, pas du texte/)],
        'octets.md': ['failed', expect.stringMatching(/binaire/)],
        'bruit.html': ['failed', expect.stringMatching(/binaire/)],
      });
      const index = await loadIndex(indexDir);
      expect(index.manifest.documents.map((d) => d.source)).toEqual(['contrat.md']);
      const garbled = [...index.chunks.values()].filter(
        (c) => c.text.includes('\u0000') || c.text.includes('\uFFFD'),
      );
      expect(garbled).toEqual([]);
    });

    it('says so in the text report a maintainer reads', async () => {
      const { stdout } = await ingestCli('--full');
      expect(stdout).toMatch(/ÉCHEC\s+programme\.md — le contenu est un programme exécutable/);
      expect(stdout).toMatch(/4 en échec/);
    });
  });

  describe('when another ingestion holds the lock', () => {
    it('stops with exit code 2, naming the holder, and leaves the lock to it', async () => {
      const holder = spawn(
        process.execPath,
        ['--import', 'tsx', 'tests/fixtures/hold-ingest-lock.ts', indexDir],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      try {
        await new Promise<void>((resolve, reject) => {
          holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('verrou pris') && resolve());
          holder.once('exit', () => reject(new Error('the lock holder exited')));
        });
        const { code, stderr } = await ingestCli('--full');
        expect(code).toBe(2);
        expect((await readIngestLock(indexDir))?.pid).toBe(holder.pid);
        expect(stderr).toContain(
          `Indexation impossible : une indexation est déjà en cours : la ligne de commande (npm run ingest) (processus ${holder.pid}`,
        );
      } finally {
        holder.kill('SIGTERM');
        await new Promise((resolve) => holder.once('exit', resolve));
      }
    });
  });
});
