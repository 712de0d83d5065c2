/**
 * The service's ingestion in a child process: the index it leaves is the one the service loads, and
 * its errors come back as what they were (a held lock stays an IngestBusyError naming the holder).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTRAT } from '../../tests/fixtures/rivebelle.ts';
import { loadSearchable } from '../assistant/index.ts';
import { loadEmbedder } from '../embedding/index.ts';
import { SOURCE_ENTRY_POINTS } from '../entry-points.ts';
import { retrieve } from '../retrieval/hybrid.ts';
import { ingestInChild } from './child.ts';
import { acquireIngestLock, IngestBusyError } from './lock.ts';
import type { IngestEvent } from './pipeline.ts';

const embedding = { model: 'citadoc-ngram-fr', modelsDir: 'models' };

let work: string;
let corpusDir: string;
let indexDir: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-child-'));
  corpusDir = join(work, 'corpus');
  indexDir = join(work, 'index');
  await mkdir(corpusDir);
  await writeFile(join(corpusDir, 'contrat.md'), CONTRAT);
});

afterEach(() => rm(work, { recursive: true, force: true }));

describe('ingestInChild', () => {
  it('builds the index the service then loads, reporting progress on the way', async () => {
    const events: IngestEvent['type'][] = [];
    const report = await ingestInChild({
      corpusDir,
      indexDir,
      embedding,
      onEvent: (e) => events.push(e.type),
    });

    expect(report.files.map((f) => [f.source, f.status])).toEqual([['contrat.md', 'added']]);
    expect(events).toContain('start');
    expect(events).toContain('file');
    const searchable = await loadSearchable(indexDir, await loadEmbedder(embedding));
    const [first] = await retrieve(searchable, 'date de signature du contrat de ville', { k: 1 });
    expect(first?.doc.source).toBe('contrat.md');
  });

  describe('when its child takes time to exit after its report', () => {
    const lingering = (ms: string) => {
      process.env.LINGER_MS = ms;
      const child = {
        href: new URL('../../tests/fixtures/lingering-child.mjs', import.meta.url).href,
        execArgv: [],
      };
      return ingestInChild({
        corpusDir,
        indexDir,
        embedding,
        entryPoints: { ...SOURCE_ENTRY_POINTS, child },
      });
    };
    afterEach(() => {
      delete process.env.LINGER_MS;
    });

    it('gives the report once the child has exited, its memory freed', async () => {
      const started = performance.now();
      await lingering('800');
      expect(performance.now() - started).toBeGreaterThanOrEqual(800);
    });

    it('stops a child that never exits, and still gives the report', async () => {
      const report = await lingering('never');
      expect(report.files).toEqual([]);
    }, 15_000);
  });

  it('runs from its sources under tsx where it cannot be compiled', async () => {
    const report = await ingestInChild({ corpusDir, indexDir, embedding, entryPoints: SOURCE_ENTRY_POINTS });
    expect(report.files.map((f) => [f.source, f.status])).toEqual([['contrat.md', 'added']]);
  });

  it('reports a file it cannot read, and still builds the rest', async () => {
    await writeFile(join(corpusDir, 'abime.pdf'), '%PDF-1.7 tronqué');
    const report = await ingestInChild({ corpusDir, indexDir, embedding });
    expect(report.failed).toBe(1);
    expect(report.files.find((f) => f.source === 'abime.pdf')?.status).toBe('failed');
    expect(report.totals.documents).toBe(1);
  });

  describe('when another ingestion holds the index', () => {
    it('fails with the lock error, naming the process that holds it', async () => {
      const release = await acquireIngestLock(indexDir);
      try {
        const error = await ingestInChild({ corpusDir, indexDir, embedding }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(IngestBusyError);
        expect((error as IngestBusyError).pid).toBe(process.pid);
      } finally {
        await release();
      }
    });
  });
});
