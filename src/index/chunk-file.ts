/**
 * A segment's passages on disk and in memory: one JSON line per passage, sorted by label, after a
 * first line listing the labels. Loading reads the file as bytes and finds its line ends; a passage
 * is parsed and checked only when something asks for it (retrieval asks for about a hundred per
 * question). Parsing and validating every passage with zod at each load was most of the 13.7 s an
 * index of 100,000 passages took to load, and kept them all on the V8 heap of every answer thread.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { z } from 'zod';
import type { Chunk } from '../ingest/types.ts';

export interface StoredChunk extends Chunk {
  label: number;
}

const chunkSchema = z.object({
  label: z.number().int().nonnegative(),
  id: z.string(),
  docId: z.string(),
  ordinal: z.number().int().nonnegative(),
  text: z.string(),
  headingPath: z.array(z.string()),
  page: z.number().int().positive().optional(),
  pageEnd: z.number().int().positive().optional(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  ocr: z.boolean().optional(),
});

const NEWLINE = 0x0a;
/** Pieces of text written per call to the stream. */
const WRITE_BATCH = 512;

/**
 * Writes a file from pieces of text, a batch of pieces per write: large writes, without one string
 * of the whole file (the passages of 100,000 passages are 80 MB of JSON).
 */
export async function writeLines(file: string, pieces: Iterable<string>): Promise<void> {
  const stream = createWriteStream(file);
  const done = finished(stream);
  // A failed write rejects both: the write's error is the one thrown, this one must not go unhandled.
  done.catch(() => {});
  const write = (text: string) =>
    new Promise<void>((resolve, reject) =>
      stream.write(text, (error) => (error ? reject(error) : resolve())),
    );
  try {
    let batch = '';
    let count = 0;
    for (const piece of pieces) {
      batch += piece;
      if (++count % WRITE_BATCH === 0) {
        await write(batch);
        batch = '';
      }
    }
    await write(batch);
  } finally {
    stream.end();
  }
  await done;
}

/** Writes passages as a chunk file (sorted by label here). */
export async function writeChunkFile(file: string, chunks: Iterable<StoredChunk>): Promise<void> {
  const sorted = [...chunks].sort((a, b) => a.label - b.label);
  await writeLines(
    file,
    (function* () {
      yield `${JSON.stringify(sorted.map((c) => c.label))}\n`;
      for (const chunk of sorted) yield `${JSON.stringify(chunk)}\n`;
    })(),
  );
}

/** The passages of one chunk file, parsed when asked for. */
export class ChunkFile {
  private constructor(
    private readonly bytes: Uint8Array,
    /** Sorted. */
    readonly labels: Int32Array,
    /** Start of each passage's line; `starts[i + 1] - 1` is its end. */
    private readonly starts: Uint32Array,
  ) {}

  static async read(file: string): Promise<ChunkFile> {
    return ChunkFile.fromBytes(await readFile(file));
  }

  /** `bytes` may be a view of a SharedArrayBuffer: the threads that answer then share one copy. */
  static fromBytes(bytes: Uint8Array): ChunkFile {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerEnd = view.indexOf(NEWLINE);
    if (headerEnd < 0) throw new Error('fichier de passages sans en-tête');
    const labels = z.array(z.int().nonnegative()).parse(JSON.parse(view.toString('utf8', 0, headerEnd)));
    for (let i = 1; i < labels.length; i++) {
      if (labels[i]! <= labels[i - 1]!) throw new Error('étiquettes de passages non triées');
    }
    const starts = new Uint32Array(labels.length + 1);
    let at = headerEnd + 1;
    for (let i = 0; i < labels.length; i++) {
      starts[i] = at;
      const end = view.indexOf(NEWLINE, at);
      if (end < 0) throw new Error(`fichier de passages tronqué (${i} lignes sur ${labels.length})`);
      at = end + 1;
    }
    starts[labels.length] = at;
    if (at !== view.length) throw new Error('fichier de passages trop long');
    return new ChunkFile(bytes, Int32Array.from(labels), starts);
  }

  get size(): number {
    return this.labels.length;
  }

  /** Position of a label in the file, or -1. */
  indexOf(label: number): number {
    let low = 0;
    let high = this.labels.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.labels[middle]!;
      if (value === label) return middle;
      if (value < label) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** The passage at a position, parsed and checked. */
  at(position: number): StoredChunk {
    const view = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const line = view.toString('utf8', this.starts[position]!, this.starts[position + 1]! - 1);
    const chunk = chunkSchema.parse(JSON.parse(line));
    if (chunk.label !== this.labels[position]) throw new Error(`passage ${chunk.label} hors de sa place`);
    return chunk;
  }
}

/**
 * The live passages of an index, by label, over its segments' chunk files: a read-only map whose
 * values are parsed on each access (callers keep what they use).
 */
export class StoredChunks implements ReadonlyMap<number, StoredChunk> {
  readonly size: number;

  constructor(
    private readonly files: readonly ChunkFile[],
    private readonly deleted: ReadonlySet<number> = new Set(),
  ) {
    let size = 0;
    for (const file of files) for (const label of file.labels) if (!deleted.has(label)) size++;
    this.size = size;
  }

  private locate(label: number): { file: ChunkFile; position: number } | undefined {
    if (this.deleted.has(label)) return undefined;
    for (const file of this.files) {
      const position = file.indexOf(label);
      if (position >= 0) return { file, position };
    }
    return undefined;
  }

  get(label: number): StoredChunk | undefined {
    const found = this.locate(label);
    return found ? found.file.at(found.position) : undefined;
  }

  has(label: number): boolean {
    return this.locate(label) !== undefined;
  }

  *keys(): MapIterator<number> {
    for (const file of this.files) for (const label of file.labels) if (!this.deleted.has(label)) yield label;
  }

  *values(): MapIterator<StoredChunk> {
    for (const file of this.files) {
      for (let i = 0; i < file.size; i++) if (!this.deleted.has(file.labels[i]!)) yield file.at(i);
    }
  }

  *entries(): MapIterator<[number, StoredChunk]> {
    for (const chunk of this.values()) yield [chunk.label, chunk];
  }

  [Symbol.iterator](): MapIterator<[number, StoredChunk]> {
    return this.entries();
  }

  forEach(callback: (value: StoredChunk, key: number, map: ReadonlyMap<number, StoredChunk>) => void): void {
    for (const [label, chunk] of this.entries()) callback(chunk, label, this);
  }
}
