import { mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChunkFile, type StoredChunk, StoredChunks, writeChunkFile } from './chunk-file.ts';

const chunk = (
  label: number,
  text = `Passage numéro ${label} sur le quartier des Cévennes.`,
): StoredChunk => ({
  label,
  id: `doc#${label}`,
  docId: 'doc',
  ordinal: label,
  text,
  headingPath: ['Titre', 'Section'],
  start: 0,
  end: text.length,
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'citadoc-chunks-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('a chunk file', () => {
  it('gives back each passage by label, whatever the size of its first line', async () => {
    // 20,000 labels and lengths: a first line longer than the first read.
    const chunks = Array.from({ length: 20_000 }, (_, i) => chunk(i * 3 + 1));
    await writeChunkFile(join(dir, 'a.chunks'), [...chunks].reverse());
    const file = ChunkFile.open(join(dir, 'a.chunks'));
    expect(file.size).toBe(20_000);
    expect(file.at(file.indexOf(30_001))).toEqual(chunks[10_000]);
    expect(file.indexOf(2)).toBe(-1);
  });

  it('leaves out deleted passages, across files', async () => {
    await writeChunkFile(join(dir, 'a.chunks'), [chunk(1), chunk(2)]);
    await writeChunkFile(join(dir, 'b.chunks'), [chunk(5, 'Un texte « accentué » : été, œuvre, 52 M€.')]);
    const chunks = new StoredChunks(
      [ChunkFile.open(join(dir, 'a.chunks')), ChunkFile.open(join(dir, 'b.chunks'))],
      new Set([2]),
    );
    expect(chunks.size).toBe(2);
    expect(chunks.get(2)).toBeUndefined();
    expect(chunks.get(5)?.text).toBe('Un texte « accentué » : été, œuvre, 52 M€.');
    expect([...chunks.keys()]).toEqual([1, 5]);
  });

  it('keeps the vectors of a passage’s sentences, which compaction copies with it', async () => {
    const sentenceVectors = Buffer.from([1, 2, 3, 250]).toString('base64');
    await writeChunkFile(join(dir, 'a.chunks'), [{ ...chunk(1), sentenceVectors }, chunk(2)]);
    const file = ChunkFile.open(join(dir, 'a.chunks'));
    expect(file.at(file.indexOf(1)).sentenceVectors).toBe(sentenceVectors);
    expect(file.at(file.indexOf(2))).not.toHaveProperty('sentenceVectors');
  });

  it('is refused when cut short', async () => {
    const file = join(dir, 'a.chunks');
    await writeChunkFile(file, [chunk(1), chunk(2)]);
    await truncate(file, 300);
    expect(() => ChunkFile.open(file)).toThrow(/octets/);
  });
});
