/**
 * Files known unchanged by their stamp: not read again while it has not moved, read again as soon as
 * anything about the file was written, even when the size and the modification time were put back.
 */
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestFolder } from '../../tests/fixtures/ingest-runs.ts';
import { JARDINS, PISCINE } from '../../tests/fixtures/small-documents.ts';
import { loadEmbedder } from '../embedding/index.ts';
import type { Embedder } from '../embedding/types.ts';
import { RACY_MS } from './stat-cache.ts';

let embedder: Embedder;
let work: string;
let corpus: string;
let indexDir: string;

beforeAll(async () => {
  embedder = await loadEmbedder({ model: 'citadoc-ngram-fr', modelsDir: 'models' });
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'citadoc-stat-cache-'));
  corpus = join(work, 'corpus');
  indexDir = join(work, 'index');
  await mkdir(corpus);
  await writeFile(join(corpus, 'piscine.md'), PISCINE);
  await writeFile(join(corpus, 'jardins.md'), JARDINS);
});

afterEach(() => rm(work, { recursive: true, force: true }));

/** An ingestion as if run later: the files written by the test are then old enough to be stamped. */
const later = () => ingestFolder(corpus, indexDir, embedder, { now: () => Date.now() + 10 * RACY_MS });
const statuses = (report: Awaited<ReturnType<typeof later>>) => report.files.map((f) => [f.source, f.status]);

describe('ingest, with the stamps of the files it read', () => {
  it('reads no file whose stamp has not moved', async () => {
    expect((await later()).filesRead).toBe(2);
    const again = await later();
    expect(again.filesRead).toBe(0);
    expect(statuses(again)).toEqual([
      ['jardins.md', 'unchanged'],
      ['piscine.md', 'unchanged'],
    ]);
  });

  it('reads a file rewritten with its size and modification time put back, and finds the change', async () => {
    const path = join(corpus, 'piscine.md');
    // A whole second, so that putting it back restores it to the nanosecond.
    const written = new Date('2026-01-05T10:00:00Z');
    await utimes(path, written, written);
    await later();
    const changed = PISCINE.replace('10 heures', '11 heures');
    expect(changed.length).toBe(PISCINE.length);
    await writeFile(path, changed);
    await utimes(path, written, written);
    expect((await stat(path, { bigint: true })).mtimeNs).toBe(BigInt(written.getTime()) * 1_000_000n);

    const report = await later();
    expect(report.filesRead).toBe(1);
    expect(statuses(report)).toEqual([
      ['jardins.md', 'unchanged'],
      ['piscine.md', 'changed'],
    ]);
  });

  it('reads again a file written just before it was read, whose stamp the clock cannot vouch for', async () => {
    // Now, not later: the files were written a moment ago.
    await ingestFolder(corpus, indexDir, embedder);
    expect((await later()).filesRead).toBe(2);
    expect((await later()).filesRead).toBe(0);
  });

  it('reads every file when the stamps cannot be read, and says nothing changed', async () => {
    await later();
    await writeFile(join(indexDir, 'stat-cache.json'), '{ tronqué');
    const report = await later();
    expect(report.filesRead).toBe(2);
    expect(report.files.every((f) => f.status === 'unchanged')).toBe(true);
  });
});
